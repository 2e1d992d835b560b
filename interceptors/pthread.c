/* pthread_create/join/detach/exit interceptors feeding the thread registry:
 * each new thread records its stack, TLS and thread pointer before running
 * user code; its start argument and unjoined return value stay roots. */
#include "interceptors/pthread.h"

#include <dlfcn.h>
#include <pthread.h>
#include <time.h>

#include "platform/bits.h"
#include "interceptors/start.h"
#include "platform/stw.h"
#include "platform/stw_altstack.h"
#include "platform/tls.h"
#include "runtime/alloc.h"
#include "runtime/flags.h"
#include "runtime/init.h"
#include "runtime/threads.h"
#include "runtime/unwind.h"

#define LSAN_INTERCEPTOR LSAN_EXPORT LSAN_NOINLINE

typedef int (*create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
typedef int (*join_fn)(pthread_t, void **);
typedef int (*tryjoin_fn)(pthread_t, void **);
typedef int (*timedjoin_fn)(pthread_t, void **, const struct timespec *);
typedef int (*clockjoin_fn)(pthread_t, void **, clockid_t, const struct timespec *);
typedef int (*detach_fn)(pthread_t);
typedef void (*exit_fn)(void *);

static struct {
    create_fn create;
    join_fn join;
    tryjoin_fn tryjoin;
    timedjoin_fn timedjoin;
    clockjoin_fn clockjoin;
    detach_fn detach;
    exit_fn exit;
} real;

void lsan_pthread_resolve(void)
{
    if (real.create)
        return;
    real.join = (join_fn)dlsym(RTLD_NEXT, "pthread_join");
    real.tryjoin = (tryjoin_fn)dlsym(RTLD_NEXT, "pthread_tryjoin_np");
    real.timedjoin = (timedjoin_fn)dlsym(RTLD_NEXT, "pthread_timedjoin_np");
    real.clockjoin = (clockjoin_fn)dlsym(RTLD_NEXT, "pthread_clockjoin_np");
    real.detach = (detach_fn)dlsym(RTLD_NEXT, "pthread_detach");
    real.exit = (exit_fn)dlsym(RTLD_NEXT, "pthread_exit");
    __atomic_store_n(&real.create, (create_fn)dlsym(RTLD_NEXT, "pthread_create"), __ATOMIC_RELEASE);
}

struct start {
    void *(*fn)(void *);
    void *arg;
    struct lsan_thread *t;
};

/* The thread is done (returned or called pthread_exit): its return value is
 * a root until it is joined. A detached thread's record stays, FINISHED, until
 * the thread is gone (lsan_threads_exiting_locked). */
static void thread_finished(struct lsan_thread *t, void *ret)
{
    lsan_threads_lock();
    t->retval = t->detached ? 0 : (uptr)ret;
    t->state = LSAN_THREAD_FINISHED;
    lsan_threads_unlock();
}

/* A cancelled thread leaves through its cleanup handlers, not through a
 * return: it is finished all the same (its return value is PTHREAD_CANCELED). */
static void thread_cancelled(void *p)
{
    struct lsan_thread *t = p;
    lsan_threads_lock();
    bool finished = t->state == LSAN_THREAD_FINISHED; /* by pthread_exit */
    lsan_threads_unlock();
    if (!finished)
        thread_finished(t, PTHREAD_CANCELED);
    /* the unwinding of pthread_exit or a cancellation has reached
     * thread_start's frame: the thread is at the top of its stack now */
    lsan_stw_altstack_release_async();
}

static void *thread_start(void *p)
{
    struct lsan_thread *t = p;
    struct start *s = (struct start *)(t + 1);
    pthread_attr_t attr;
    void *addr = NULL;
    size_t size = 0;
    uptr tp = lsan_tls_thread_pointer();
    /* pthread_getattr_np allocates: until the bounds are known, the page
     * holding this frame bounds the walk (finding the mapping through
     * /proc would take more stack than a small thread has) */
    uptr here = (uptr)__builtin_frame_address(0);
    lsan_unwind_stack_bounds.lo = here;
    lsan_unwind_stack_bounds.hi = lsan_bits_round_up(here + 1, LSAN_PAGE);
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        pthread_attr_getstack(&attr, &addr, &size);
        pthread_attr_destroy(&attr);
    }
    lsan_threads_lock();
    /* The kernel and glibc hand out the tid and pthread_t of a thread that is
     * gone at once: whatever record still carries them is stale. */
    lsan_threads_claim_locked(t, (int)sys_gettid(), (uptr)pthread_self());
    t->stack_lo = (uptr)addr;
    t->stack_hi = (uptr)addr + size;
    lsan_tls_static_range(tp, &t->tls_lo, &t->tls_hi);
    /* glibc's stack block ends with the static TLS and the descriptor: the
     * stack proper stops where they start, so use_tls=0 really leaves them out */
    if (t->tls_lo > t->stack_lo && t->tls_lo < t->stack_hi)
        t->stack_hi = t->tls_lo;
    t->tp = tp;
    void *(*fn)(void *) = s->fn;
    void *arg = s->arg;
    /* from here the thread's own stack and registers hold its argument */
    t->start_arg = 0;
    t->state = LSAN_THREAD_RUNNING;
    lsan_threads_unlock();
    lsan_unwind_stack_bounds.lo = t->stack_lo;
    lsan_unwind_stack_bounds.hi = t->stack_hi;
    lsan_threads_set_self(t);
    void *ret;
    /* leaksan's own signal stack, so even the first stop of a thread near
     * the end of its stack has room for its frame; not where no signal
     * backend stop can come */
    if (lsan_flags.detect_leaks && lsan_stw_may_stop_with_signals())
        lsan_stw_altstack_ensure_async();
    pthread_cleanup_push(thread_cancelled, t);
    ret = fn(arg);
    pthread_cleanup_pop(0);
    thread_finished(t, ret);
    /* back at the top of the stack: a stop needs no stack of leaksan's */
    lsan_stw_altstack_release_async();
    return ret;
}

LSAN_INTERCEPTOR int pthread_create(pthread_t *th, const pthread_attr_t *attr,
                                    void *(*fn)(void *), void *arg)
{
    if (!lsan_init_done)
        lsan_start();
    lsan_pthread_resolve();
    struct lsan_thread *t = lsan_threads_alloc();
    if (!t)
        return real.create(th, attr, fn, arg);
    struct start *s = (struct start *)(t + 1);
    s->fn = fn;
    s->arg = arg;
    t->start_arg = (uptr)arg;
    int detached = 0;
    if (attr)
        pthread_attr_getdetachstate(attr, &detached);
    t->detached = detached == PTHREAD_CREATE_DETACHED;
    u32 uid = t->uid;
    int r = real.create(th, attr, thread_start, t);
    if (r) {
        lsan_threads_release(t);
        return r;
    }
    /* now, not when the thread starts: a pthread_detach or join right after
     * this must find the record (the thread sets the same value). Unless the
     * thread has already finished detached and its record went to another. */
    lsan_threads_lock();
    if (t->uid == uid && t->state != LSAN_THREAD_FREE)
        t->pthread_self = (uptr)*th;
    lsan_threads_unlock();
    return 0;
}

/* The record of the thread th names, taken before the real join or detach:
 * the moment that returns, glibc may hand th to a new thread, so a search
 * afterwards could find the new thread's record. *uid gets the record's uid. */
static struct lsan_thread *record_of(pthread_t th, u32 *uid)
{
    struct lsan_thread *found = NULL;
    lsan_threads_lock();
    for (struct lsan_thread *t = lsan_threads_first_locked(); t; t = t->next) {
        if (lsan_threads_current(t) && t->pthread_self == (uptr)th) {
            found = t;
            *uid = t->uid;
            break;
        }
    }
    lsan_threads_unlock();
    return found;
}

static void after_join(struct lsan_thread *t, u32 uid)
{
    if (t)
        lsan_threads_release_uid(t, uid);
}

LSAN_INTERCEPTOR int pthread_join(pthread_t th, void **ret)
{
    lsan_pthread_resolve();
    u32 uid = 0;
    struct lsan_thread *t = record_of(th, &uid);
    int r = real.join(th, ret);
    if (!r)
        after_join(t, uid);
    return r;
}

LSAN_INTERCEPTOR int pthread_tryjoin_np(pthread_t th, void **ret)
{
    lsan_pthread_resolve();
    u32 uid = 0;
    struct lsan_thread *t = record_of(th, &uid);
    int r = real.tryjoin(th, ret);
    if (!r)
        after_join(t, uid);
    return r;
}

LSAN_INTERCEPTOR int pthread_timedjoin_np(pthread_t th, void **ret, const struct timespec *ts)
{
    lsan_pthread_resolve();
    u32 uid = 0;
    struct lsan_thread *t = record_of(th, &uid);
    int r = real.timedjoin(th, ret, ts);
    if (!r)
        after_join(t, uid);
    return r;
}

LSAN_INTERCEPTOR int pthread_clockjoin_np(pthread_t th, void **ret, clockid_t clk,
                                          const struct timespec *ts)
{
    lsan_pthread_resolve();
    u32 uid = 0;
    struct lsan_thread *t = record_of(th, &uid);
    int r = real.clockjoin(th, ret, clk, ts);
    if (!r)
        after_join(t, uid);
    return r;
}

LSAN_INTERCEPTOR int pthread_detach(pthread_t th)
{
    lsan_pthread_resolve();
    u32 uid = 0;
    struct lsan_thread *t = record_of(th, &uid);
    int r = real.detach(th);
    if (r || !t)
        return r;
    /* a finished thread may still be in its exit path: its record stays */
    lsan_threads_lock();
    if (t->uid == uid && t->state != LSAN_THREAD_FREE) {
        t->detached = true;
        t->retval = 0;
    }
    lsan_threads_unlock();
    return 0;
}

LSAN_INTERCEPTOR void pthread_exit(void *ret)
{
    lsan_pthread_resolve();
    struct lsan_thread *t = lsan_threads_self();
    if (t && t->uid != 0)
        thread_finished(t, ret);
    real.exit(ret);
    __builtin_unreachable();
}
