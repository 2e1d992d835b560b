/* The thread registry: records live in the persistent arena, recycled through
 * a free list; one mutex guards the list. The leak check holds that mutex while
 * the world is stopped, so nothing here may run while it is stopped. */
#include "runtime/threads.h"

#include <errno.h>
#include <sys/auxv.h>

#include "platform/bits.h"
#include "platform/check.h"
#include "platform/maps.h"
#include "platform/mem.h"
#include "platform/mutex.h"
#include "platform/str.h"
#include "platform/tls.h"
#include "runtime/unwind.h"

/* room behind each record for the interceptor's start info */
#define RECORD_SIZE (sizeof(struct lsan_thread) + 64)

static struct lsan_mutex mu;
static struct lsan_thread *all, *free_list;
static u32 next_uid;
static __thread struct lsan_thread *self;

static void push_free_locked(struct lsan_thread *t)
{
    LSAN_ASSERT_HELD(&mu);
    t->state = LSAN_THREAD_FREE;
    t->start_arg = t->retval = 0;
    *(struct lsan_thread **)(t + 1) = free_list;
    free_list = t;
}

/* Frees the records of detached threads that have finished and whose tid no
 * longer names a thread of this process. */
static void reclaim_exited_locked(void)
{
    LSAN_ASSERT_HELD(&mu);
    int pid = (int)sys_getpid();
    for (struct lsan_thread *t = all; t; t = t->next)
        if (t->state == LSAN_THREAD_FINISHED && t->detached &&
            (!t->os_tid || SYS3(SYS_tgkill, pid, t->os_tid, 0) == -ESRCH))
            push_free_locked(t);
}

bool lsan_threads_exiting_locked(int tid)
{
    LSAN_ASSERT_HELD(&mu);
    bool finished = false;
    for (struct lsan_thread *t = all; t; t = t->next) {
        if (t->state == LSAN_THREAD_FREE || t->os_tid != tid)
            continue;
        if (t->state != LSAN_THREAD_FINISHED)
            return false; /* a running thread took the tid */
        finished = true;
    }
    return finished;
}

struct lsan_thread *lsan_threads_alloc(void)
{
    lsan_mutex_lock(&mu);
    if (!free_list)
        reclaim_exited_locked();
    struct lsan_thread *t = free_list;
    if (t) {
        free_list = *(struct lsan_thread **)(t + 1);
    } else {
        t = lsan_mem_persistent(RECORD_SIZE);
        if (!t) {
            lsan_mutex_unlock(&mu);
            return NULL;
        }
        t->next = all;
        all = t;
    }
    struct lsan_thread *next = t->next;
    lsan_mem_set(t, 0, RECORD_SIZE);
    t->next = next;
    t->uid = ++next_uid;
    t->parent_uid = self ? self->uid : 0;
    t->state = LSAN_THREAD_CREATED;
    lsan_mutex_unlock(&mu);
    return t;
}

void lsan_threads_release(struct lsan_thread *t)
{
    lsan_mutex_lock(&mu);
    if (t->state != LSAN_THREAD_FREE)
        push_free_locked(t);
    lsan_mutex_unlock(&mu);
}

void lsan_threads_release_uid(struct lsan_thread *t, u32 uid)
{
    lsan_mutex_lock(&mu);
    if (t->uid == uid && t->state != LSAN_THREAD_FREE)
        push_free_locked(t);
    lsan_mutex_unlock(&mu);
}

void lsan_threads_claim_locked(struct lsan_thread *t, int tid, uptr pthread_self)
{
    LSAN_ASSERT_HELD(&mu);
    for (struct lsan_thread *r = all; r; r = r->next) {
        if (r == t || r->state == LSAN_THREAD_FREE)
            continue;
        if (r->os_tid == tid)
            r->os_tid = 0;
        if (r->pthread_self == pthread_self)
            r->pthread_self = 0;
    }
    t->os_tid = tid;
    t->pthread_self = pthread_self;
}

void lsan_threads_set_self(struct lsan_thread *t) { self = t; }
struct lsan_thread *lsan_threads_self(void) { return self; }
int lsan_threads_self_uid(void) { return self ? (int)self->uid : -1; }

void lsan_threads_init_main(void)
{
    if (self)
        return;
    struct lsan_thread *t = lsan_mem_persistent(RECORD_SIZE);
    LSAN_CHECK(t);
    uptr sp = (uptr)__builtin_frame_address(0), lo = sp, hi = 0;
    /* The kernel copies the executable's name to the very top of the main
     * stack: its page end is the stack's end, no /proc read needed. */
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    if (execfn && (uptr)execfn > sp)
        hi = lsan_bits_round_up((uptr)execfn + lsan_str_len(execfn) + 1 + sizeof(void *), LSAN_PAGE);
    if (!hi || hi - sp > (1ul << 30))
        lsan_maps_find_mapping(sp, &lo, &hi);
    struct {
        u64 cur, max;
    } rl = {8ul << 20, 0};
    sys_getrlimit(3 /* RLIMIT_STACK */, &rl);
    uptr limit = rl.cur > (1ul << 30) || rl.cur == 0 ? (1ul << 30) : rl.cur;
    t->uid = 0;
    t->os_tid = (int)sys_gettid();
    t->state = LSAN_THREAD_RUNNING;
    t->stack_lo = hi > limit ? hi - limit : 0;
    t->stack_hi = hi;
    t->tp = lsan_tls_thread_pointer();
    lsan_tls_static_range(t->tp, &t->tls_lo, &t->tls_hi);
    lsan_mutex_lock(&mu);
    t->next = all;
    all = t;
    lsan_mutex_unlock(&mu);
    self = t;
    lsan_unwind_stack_bounds.lo = t->stack_lo;
    lsan_unwind_stack_bounds.hi = t->stack_hi;
}

void lsan_threads_lock(void) { lsan_mutex_lock(&mu); }
void lsan_threads_unlock(void) { lsan_mutex_unlock(&mu); }
struct lsan_thread *lsan_threads_first_locked(void)
{
    LSAN_ASSERT_HELD(&mu);
    return all;
}

/* Only the forking thread exists in the child: every other record is freed,
 * and the survivor keeps its uid. */
void lsan_threads_after_fork_child(void)
{
    mu.state = 0;
    lsan_mutex_lock(&mu);
    int tid = (int)sys_gettid();
    for (struct lsan_thread *t = all; t; t = t->next) {
        if (t == self) {
            t->os_tid = tid;
            continue;
        }
        if (t->state != LSAN_THREAD_FREE)
            push_free_locked(t);
    }
    lsan_mutex_unlock(&mu);
}
