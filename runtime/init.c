/* Start-up: the allocator first (raw syscalls only, safe inside the first
 * malloc, even before libc has set up environ), then flags, the thread
 * registry, suppressions, fork handlers and the exit-time leak check. */
#include "runtime/init.h"

#include <pthread.h>
#include <stdlib.h>

#include "platform/stw_signal_action.h"
#include "platform/tls.h"
#include "runtime/alloc.h"
#include "runtime/depot.h"
#include "runtime/flags.h"
#include "platform/fmt.h"
#include "runtime/leak.h"
#include "runtime/suppress.h"
#include "runtime/symbolize.h"
#include "runtime/threads.h"

void lsan_primary_init(void);
void lsan_primary_init_late(void);
void lsan_large_init(void);
void lsan_pthread_resolve(void);
void lsan_fork_install(void);
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

void lsan_fork_prepare(void)
{
    lsan_leak_fork_prepare();
    lsan_threads_lock();
    lsan_alloc_lock_all();
}

void lsan_fork_parent(void)
{
    lsan_alloc_unlock_all();
    lsan_threads_unlock();
    lsan_leak_fork_parent();
}

/* In a forked child only the forking thread lives: a lock another thread
 * held at fork() would stay held forever. Every module with a lock that the
 * prepare handler does not take releases it here. */
void lsan_fork_child(void)
{
    lsan_base_after_fork_child();
    lsan_fmt_after_fork_child();
    lsan_leak_after_fork_child();
    lsan_symbolize_after_fork_child();
    lsan_stw_signal_after_fork_child();
    lsan_alloc_after_fork_child();
    lsan_threads_after_fork_child();
}

static void at_exit(void) { lsan_leak_check_at_exit(); }

extern char **__environ;

/* `leaksan --no-children` sets LEAKSAN_NO_CHILDREN=1: this process is
 * checked, but leaksan is taken out of LD_PRELOAD (in place) so the programs
 * it starts run unchecked. */
static void drop_preload_for_children(void)
{
    const char *v = lsan_getenv("LEAKSAN_NO_CHILDREN");
    if (!v || lsan_strcmp(v, "1") || !__environ)
        return;
    for (char **e = __environ; *e; e++) {
        if (lsan_strncmp(*e, "LD_PRELOAD=", 11))
            continue;
        char *out = *e + 11;
        for (const char *in = out; *in;) {
            while (*in == ':' || *in == ' ')
                in++;
            const char *end = in;
            while (*end && *end != ':' && *end != ' ')
                end++;
            bool ours = false;
            for (const char *p = in; p + 10 <= end; p++)
                ours |= !lsan_strncmp(p, "libleaksan", 10);
            if (end > in && !ours) {
                if (out != *e + 11)
                    *out++ = ':';
                for (const char *p = in; p < end; p++)
                    *out++ = *p;
            }
            in = end;
        }
        *out = 0;
    }
}

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
    drop_preload_for_children();
    lsan_tls_init();
    lsan_threads_init_main();
    lsan_primary_init_late();
    lsan_pthread_resolve();
    lsan_suppress_init();
    lsan_leak_init();
    lsan_fork_install();
    atexit(at_exit);
    lsan_inited = true;
}

__attribute__((constructor)) static void lsan_ctor(void) { lsan_init(); }
