/* Implementation of mutex.h: the futex wait and wake of the mutex. Raw
 * system calls only. */
#include "platform/mutex.h"

void lsan_mutex_lock_slow(struct lsan_mutex *m)
{
    for (int i = 0; i < 100; i++) {
        if (m->state == 0 && lsan_mutex_trylock(m))
            return;
        __builtin_ia32_pause();
    }
    while (__atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE) != 0)
        sys_futex(&m->state, FUTEX_WAIT_PRIVATE, 2, 0);
}

void lsan_mutex_unlock(struct lsan_mutex *m)
{
    lsan_mutex_releasing(m);
    if (__atomic_exchange_n(&m->state, 0, __ATOMIC_RELEASE) == 2)
        sys_futex(&m->state, FUTEX_WAKE_PRIVATE, 1, 0);
}
