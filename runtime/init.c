/* Start-up: the allocator first (raw syscalls only, safe inside the first
 * malloc, even before libc has set up environ), then flags and the
 * stop-the-world backends' configuration, the thread registry,
 * suppressions, the fork handlers (with what the interceptors handed over
 * from libc) and the exit-time leak check. Calls nothing in interceptors/. */
#include "runtime/init.h"

#include <pthread.h>
#include <stdlib.h>

#include "platform/check.h"
#include "platform/env.h"
#include "platform/fmt.h"
#include "platform/mem.h"
#include "platform/str.h"
#include "platform/stw.h"
#include "platform/tls.h"
#include "runtime/alloc.h"
#include "runtime/depot.h"
#include "runtime/flags.h"
#include "runtime/large.h"
#include "runtime/leak.h"
#include "runtime/primary.h"
#include "runtime/report.h"
#include "runtime/suppress.h"
#include "runtime/symbolize.h"
#include "runtime/threads.h"

bool lsan_init_done;
static const struct lsan_init_libc *volatile libc;
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

void lsan_init_fork_prepare(void)
{
    lsan_leak_fork_prepare();
    lsan_threads_lock();
    lsan_alloc_lock_all();
}

void lsan_init_fork_parent(void)
{
    lsan_alloc_unlock_all();
    lsan_threads_unlock();
    lsan_leak_fork_parent();
}

/* In a forked child only the forking thread lives: a lock another thread
 * held at fork() would stay held forever. Every module with a lock that the
 * prepare handler does not take releases it here. */
void lsan_init_fork_child(void)
{
    lsan_mem_after_fork_child();
    lsan_fmt_after_fork_child();
    lsan_leak_after_fork_child();
    lsan_symbolize_after_fork_child();
    lsan_stw_after_fork_child();
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
    const char *v = lsan_env_get("LEAKSAN_NO_CHILDREN");
    if (!v || lsan_str_cmp(v, "1") || !__environ)
        return;
    for (char **e = __environ; *e; e++) {
        if (lsan_str_ncmp(*e, "LD_PRELOAD=", 11))
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
                ours |= !lsan_str_ncmp(p, "libleaksan", 10);
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

/* The backends' configuration from the flags and what libc handed over;
 * nothing while the flags are being parsed (none is known yet). */
static void configure_stw(void)
{
    lsan_flags_init();
    if (!lsan_flags_ready())
        return;
    const struct lsan_init_libc *l = __atomic_load_n(&libc, __ATOMIC_ACQUIRE);
    struct lsan_stw_config c = {
        .backend = lsan_flags.stop_the_world,
        .signal = lsan_flags.stop_the_world_signal,
        .timeout_ms = lsan_flags.stop_the_world_timeout_ms,
        .verbosity = lsan_flags.verbosity,
        .thread_exiting_locked = lsan_threads_exiting_locked,
        .real_sigaction = l ? l->sigaction : NULL,
    };
    lsan_stw_configure(&c);
}

void lsan_init_libc(const struct lsan_init_libc *l)
{
    const struct lsan_init_libc *none = NULL;
    if (__atomic_load_n(&libc, __ATOMIC_ACQUIRE) && lsan_stw_configured())
        return;
    __atomic_compare_exchange_n(&libc, &none, l, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    configure_stw();
}

/* A stop_the_world or stop_the_world_signal no backend can work with, or
 * a report_format no writer has, is an error at start-up, not at the first
 * check. */
static void validate_choices(void)
{
    char why[160];
    if (lsan_stw_validate(why, sizeof(why)) || lsan_report_validate(why, sizeof(why))) {
        lsan_fmt_eprintf("==%ld==leaksan: LSAN_OPTIONS: %s\n", sys_getpid(), why);
        lsan_check_die(1);
    }
}

/* `leaksan --list-backends` starts a program with LEAKSAN_LIST_BACKENDS=1:
 * the runtime writes the names of its stop-the-world backends to stdout, one
 * a line, and ends the process before the program runs. */
static void list_backends_if_asked(void)
{
    const char *v = lsan_env_get("LEAKSAN_LIST_BACKENDS");
    if (!v || lsan_str_cmp(v, "1"))
        return;
    for (size_t i = 0; lsan_stw_backend(i); i++) {
        char line[64];
        int n = lsan_fmt_snprintf(line, sizeof(line), "%s\n", lsan_stw_backend(i)->name);
        sys_write(1, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
    }
    lsan_check_die(0);
}

void lsan_init(void)
{
    static int state;
    int expected = 0;
    if (!__atomic_compare_exchange_n(&state, &expected, 1, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
        return;
    lsan_init_allocator();
    configure_stw();
    list_backends_if_asked();
    if (lsan_flags.help) {
        lsan_flags_print_help();
        lsan_check_die(0);
    }
    drop_preload_for_children();
    lsan_tls_init();
    lsan_threads_init_main();
    lsan_primary_init_late();
    const struct lsan_init_libc *l = __atomic_load_n(&libc, __ATOMIC_ACQUIRE);
    if (l)
        l->resolve();
    lsan_suppress_init();
    validate_choices();
    lsan_leak_init();
    if (l)
        l->install_fork_handlers();
    atexit(at_exit);
    lsan_init_done = true;
}
