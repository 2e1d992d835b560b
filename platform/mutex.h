/* A futex-based mutex: 0 free, 1 locked, 2 locked with waiters. Usable before
 * libc is initialised and from any thread leaksan did not create; raw system
 * calls only. Under LSAN_DEBUG it also records its holder, by thread pointer:
 * the ptrace backend's tracer shares the thread pointer of the thread that
 * stopped the world (and holds the locks) and runs on its behalf, and a fork
 * child's thread keeps its parent's. */
#ifndef LSAN_PLATFORM_MUTEX_H
#define LSAN_PLATFORM_MUTEX_H

#include "platform/base.h"
#include "platform/check.h"
#include "platform/tls.h"

struct lsan_mutex {
    volatile int state;
#ifdef LSAN_DEBUG
    uptr owner; /* thread pointer of the holder; meaningful while state != 0 */
#endif
};
#ifdef LSAN_DEBUG
static inline void lsan_mutex_acquired(struct lsan_mutex *m) { m->owner = lsan_tls_thread_pointer(); }
static inline void lsan_mutex_releasing(struct lsan_mutex *m)
{
    LSAN_CHECK(m->state != 0 && m->owner == lsan_tls_thread_pointer());
    m->owner = 0;
}
#else
static inline void lsan_mutex_acquired(struct lsan_mutex *m) { (void)m; }
static inline void lsan_mutex_releasing(struct lsan_mutex *m) { (void)m; }
#endif
/* Debug builds: the calling thread holds m (first line of every _locked
 * function). Release builds: nothing. */
#define LSAN_ASSERT_HELD(m) LSAN_DCHECK((m)->state != 0 && (m)->owner == lsan_tls_thread_pointer())

void lsan_mutex_lock_slow(struct lsan_mutex *m);
static inline void lsan_mutex_lock(struct lsan_mutex *m)
{
    int z = 0;
    if (LSAN_LIKELY(__atomic_compare_exchange_n(&m->state, &z, 1, false, __ATOMIC_ACQUIRE,
                                                __ATOMIC_RELAXED))) {
        lsan_mutex_acquired(m);
        return;
    }
    lsan_mutex_lock_slow(m);
    lsan_mutex_acquired(m);
}
static inline bool lsan_mutex_trylock(struct lsan_mutex *m)
{
    int z = 0;
    bool got = __atomic_compare_exchange_n(&m->state, &z, 1, false, __ATOMIC_ACQUIRE,
                                           __ATOMIC_RELAXED);
    if (got)
        lsan_mutex_acquired(m);
    return got;
}
void lsan_mutex_unlock(struct lsan_mutex *m);

#endif
