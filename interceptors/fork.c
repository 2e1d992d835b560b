/* Fork handlers: leaksan's prepare handler must run after every other one
 * (they may allocate) and its child handler before every other one. glibc
 * runs prepare handlers in the reverse order of registration and the others
 * in order, so leaksan's are registered before anybody else's: at start-up,
 * or from inside the first registration of a library whose constructor ran
 * before leaksan's. */
#include "interceptors/fork.h"

#include <dlfcn.h>

#include "runtime/init.h"
#include "platform/check.h"

#define LSAN_INTERCEPTOR LSAN_EXPORT LSAN_NOINLINE

typedef int (*register_fn)(void (*)(void), void (*)(void), void (*)(void), void *);

static register_fn real_register;
static int state; /* 0: not registered, 1: registering, 2: registered */

void lsan_fork_install(void)
{
    int expected = 0;
    if (__atomic_compare_exchange_n(&state, &expected, 1, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
        register_fn r = (register_fn)dlsym(RTLD_NEXT, "__register_atfork");
        LSAN_CHECK(r);
        __atomic_store_n(&real_register, r, __ATOMIC_RELEASE);
        /* no DSO handle: leaksan is never unloaded */
        r(lsan_init_fork_prepare, lsan_init_fork_parent, lsan_init_fork_child, NULL);
        __atomic_store_n(&state, 2, __ATOMIC_RELEASE);
        return;
    }
    while (__atomic_load_n(&state, __ATOMIC_ACQUIRE) != 2)
        sys_sched_yield();
}

/* pthread_atfork is a static stub in every object that calls this. */
LSAN_INTERCEPTOR int __register_atfork(void (*prepare)(void), void (*parent)(void),
                                       void (*child)(void), void *dso)
{
    lsan_fork_install();
    return __atomic_load_n(&real_register, __ATOMIC_ACQUIRE)(prepare, parent, child, dso);
}
