/* Start-up: the allocator first (raw syscalls only, safe inside the first
 * malloc, even before libc has set up environ), then flags, the thread
 * registry, suppressions, fork handlers and the exit-time leak check. */
#include "runtime/init.h"

#include <pthread.h>
#include <stdlib.h>

#include "platform/tls.h"
#include "runtime/alloc.h"
#include "runtime/depot.h"
#include "runtime/flags.h"
#include "runtime/fmt.h"
#include "runtime/leak.h"
#include "runtime/suppress.h"
#include "runtime/threads.h"

void lsan_primary_init(void);
void lsan_primary_init_late(void);
void lsan_large_init(void);
void lsan_pthread_resolve(void);
void lsan_threads_after_fork_child(void);

bool lsan_inited;
static int alloc_state; /* 0: not started, 1: in progress, 2: ready */

void lsan_init_allocator(void)
{
    int expected = 0;
    if (__atomic_compare_exchange_n(&alloc_state, &expected, 1, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
        lsan_primary_init();
        lsan_large_init();
        lsan_depot_init();
        lsan_flags_init();
        __atomic_store_n(&alloc_state, 2, __ATOMIC_RELEASE);
        return;
    }
    while (__atomic_load_n(&alloc_state, __ATOMIC_ACQUIRE) != 2)
        sys_sched_yield();
}

static void before_fork(void)
{
    lsan_threads_lock();
    lsan_alloc_lock_all();
}

static void after_fork_parent(void)
{
    lsan_alloc_unlock_all();
    lsan_threads_unlock();
}

static void after_fork_child(void)
{
    lsan_alloc_after_fork_child();
    lsan_threads_after_fork_child();
}

static void at_exit(void) { lsan_leak_check_at_exit(); }

void lsan_init(void)
{
    static int state;
    int expected = 0;
    if (!__atomic_compare_exchange_n(&state, &expected, 1, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
        return;
    lsan_init_allocator();
    if (lsan_flags.help) {
        lsan_flags_print_help();
        lsan_die(0);
    }
    lsan_tls_init();
    lsan_threads_init_main();
    lsan_primary_init_late();
    lsan_pthread_resolve();
    lsan_suppress_init();
    lsan_leak_init();
    pthread_atfork(before_fork, after_fork_parent, after_fork_child);
    atexit(at_exit);
    lsan_inited = true;
}

__attribute__((constructor)) static void lsan_ctor(void) { lsan_init(); }
