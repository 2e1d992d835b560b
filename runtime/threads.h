/* The thread registry: every thread leaksan knows (created through the
 * pthread_create interceptor, or the main thread), with its stack and TLS
 * bounds, start argument and return value. Guarded by one mutex that the leak
 * check holds while the world is stopped. */
#ifndef LSAN_RUNTIME_THREADS_H
#define LSAN_RUNTIME_THREADS_H

#include "platform/base.h"

enum lsan_thread_state { LSAN_THREAD_FREE, LSAN_THREAD_CREATED, LSAN_THREAD_RUNNING, LSAN_THREAD_FINISHED };

struct lsan_thread {
    int state;
    u32 uid;          /* T<uid> in reports, 0 for the main thread */
    int os_tid;       /* kernel tid, 0 until the thread runs */
    u32 parent_uid;
    uptr pthread_self;
    uptr stack_lo, stack_hi;
    uptr tls_lo, tls_hi;      /* static TLS block and thread descriptor */
    uptr tp;                  /* thread pointer (%fs base) */
    uptr start_arg;           /* root until the thread starts running */
    uptr retval;              /* root until joined; never of a detached thread */
    bool detached;            /* a FINISHED detached record stays until the
                                 thread is gone: glibc's exit path frees its
                                 TLS with every signal blocked */
    struct lsan_thread *next;
};

void lsan_threads_init_main(void);
/* A new record in state CREATED with a fresh uid, or NULL without memory. */
struct lsan_thread *lsan_threads_alloc(void);
/* Returns the record to the free list (if it is not there already). */
void lsan_threads_release(struct lsan_thread *t);
/* Releases t only if it still is the record with this uid: a record found
 * earlier may have been released and handed to another thread meanwhile. */
void lsan_threads_release_uid(struct lsan_thread *t, u32 uid);
void lsan_threads_set_self(struct lsan_thread *t);
/* The calling thread, t's, now runs with this kernel tid and pthread_t:
 * any other record that still carries either is stale (its thread is gone,
 * or was joined a moment ago) and loses it. */
void lsan_threads_claim_locked(struct lsan_thread *t, int tid, uptr pthread_self);
/* The calling thread's record (NULL if leaksan did not create it). */
struct lsan_thread *lsan_threads_self(void);
/* T<uid> of the calling thread, or -1 for a thread leaksan does not know. */
int lsan_threads_self_uid(void);

void lsan_threads_lock(void);
void lsan_threads_unlock(void);
/* Walk of all records not FREE; with the registry lock held. */
struct lsan_thread *lsan_threads_first_locked(void);
/* Is record r a finished detached thread's, kept until the thread is gone?
 * Its thread is exiting or gone; its tid and pthread_t may be reused. */
static inline bool lsan_threads_lingering(const struct lsan_thread *r)
{
    return r->state == LSAN_THREAD_FINISHED && r->detached;
}
/* Does record r stand for a thread the program can still join or detach? */
static inline bool lsan_threads_current(const struct lsan_thread *r)
{
    return r->state != LSAN_THREAD_FREE && !lsan_threads_lingering(r);
}
/* Does record r describe a running thread whose stack and TLS may be scanned? */
static inline bool lsan_threads_scannable(const struct lsan_thread *r)
{
    return lsan_threads_current(r) && r->os_tid;
}
/* Is tid a thread leaksan created that has left its user code (its start
 * routine returned or it called pthread_exit) and no running thread took its
 * tid since? Such a thread may block every signal for good while it exits. */
bool lsan_threads_exiting_locked(int tid);
void lsan_threads_after_fork_child(void);

#endif
