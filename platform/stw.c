/* The table of stop-the-world backends and the run-time choice between them
 * (stop_the_world=auto|kernel|ptrace|signal). Runs before and after the stop, never
 * while stopped. */
#include "platform/stw.h"

#include "runtime/base.h"
#include "runtime/flags.h"
#include "runtime/fmt.h"

/* In the order auto tries them: first the backends that leave the program's
 * system calls alone (the kernel module's whole-process stop, which needs no
 * ptrace rights, then ptrace), last the signal backend, whose stop signal
 * makes the calls the kernel never restarts after a handler (poll, select,
 * epoll_wait, nanosleep, sigwaitinfo, ...) fail with EINTR. */
static const struct lsan_stw_ops *const backends_table[] = {&lsan_stw_kernel, &lsan_stw_ptrace,
                                                            &lsan_stw_signal};

static const struct lsan_stw_ops *backends(size_t i)
{
    return i < LSAN_ARRAY_SIZE(backends_table) ? backends_table[i] : NULL;
}

/* Wraps the callback to learn whether it ran: a backend that fails after
 * the scan must not be retried with another (the scan state is spent). */
struct wrap {
    lsan_stw_callback cb;
    void *arg;
    volatile int ran;
};

static void wrapped(const struct lsan_stw_world *w, void *arg)
{
    struct wrap *x = arg;
    x->ran = 1;
    x->cb(w, x->arg);
}

uint64_t lsan_stw_timeout_ns(void)
{
    int ms = lsan_flags.stop_the_world_timeout_ms > 0 ? lsan_flags.stop_the_world_timeout_ms : 10000;
    return (uint64_t)ms * 1000000ull;
}

uint64_t lsan_stw_callback_limit_ns(void)
{
    uint64_t t = 100 * lsan_stw_timeout_ns(), floor = 600ull * 1000000000ull;
    return t > floor ? t : floor;
}

int lsan_stw_run(lsan_stw_callback cb, void *arg)
{
    const char *want = lsan_flags.stop_the_world;
    bool is_auto = !want || !*want || !lsan_strcmp(want, "auto");
    char why[256], skipped[512];
    size_t skipped_len = 0;
    int last = -38; /* -ENOSYS */
    bool tried = false; /* a backend ran and said why it failed */
    bool named = is_auto; /* the flag names a backend of the table */
    skipped[0] = 0;
    for (size_t i = 0; backends(i); i++) {
        const struct lsan_stw_ops *b = backends(i);
        if (!is_auto && lsan_strcmp(b->name, want))
            continue;
        named = true;
        why[0] = 0;
        int p = is_auto ? b->probe(why, sizeof(why)) : 0;
        if (p == 0) {
            struct wrap x = {cb, arg, 0};
            why[0] = 0;
            tried = true;
            p = b->run(wrapped, &x, why, sizeof(why));
            if (p == 0) {
                if (lsan_flags.verbosity >= 1)
                    lsan_eprintf("==%ld==leaksan: stop_the_world: %s backend (%s%s%s)\n",
                                 sys_getpid(), b->name, is_auto ? "auto" : "requested",
                                 skipped_len ? "; " : "", skipped);
                return 0;
            }
            lsan_eprintf("==%ld==leaksan: stop_the_world: the %s backend failed: %s%s\n",
                         sys_getpid(), b->name, why[0] ? why : "unknown error",
                         is_auto && !x.ran ? "; trying the next backend" : "");
            /* as LSan says when its tracer crashes, for the scripts that look for it */
            if (p == -14 /* EFAULT: a crash */)
                lsan_eprintf("==%ld==LeakSanitizer has encountered a fatal error.\n"
                             "==%ld==HINT: For debugging, try setting environment variable "
                             "LSAN_OPTIONS=verbosity=1:log_threads=1\n",
                             sys_getpid(), sys_getpid());
            if (x.ran)
                return p; /* the scan state is spent: no retry */
        }
        last = p;
        skipped_len += (size_t)lsan_snprintf(skipped + skipped_len, sizeof(skipped) - skipped_len,
                                             "%s%s not used: %s", skipped_len ? "; " : "",
                                             b->name, why[0] ? why : "failed");
        if (skipped_len >= sizeof(skipped))
            skipped_len = sizeof(skipped) - 1;
        if (!is_auto)
            break;
    }
    if (!named)
        lsan_eprintf("==%ld==leaksan: stop_the_world=%s names no backend (use auto, kernel, "
                     "ptrace or signal)\n",
                     sys_getpid(), want);
    else if (!tried || is_auto)
        lsan_eprintf("==%ld==leaksan: stop_the_world: no backend could stop the threads (%s)\n",
                     sys_getpid(), skipped);
    return last;
}
