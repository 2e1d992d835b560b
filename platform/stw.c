/* The table of stop-the-world backends, their configuration, and the run-time
 * choice between them (stop_the_world=auto or a backend's name). Runs before
 * and after the stop, never while stopped. */
#include "platform/stw.h"

#include "platform/base.h"
#include "platform/fmt.h"
#include "platform/str.h"

/* In the order auto tries them: first the backends that leave the program's
 * system calls alone (the kernel module's whole-process stop, which needs no
 * ptrace rights, then ptrace), last the signal backend, whose stop signal
 * makes the calls the kernel never restarts after a handler (poll, select,
 * epoll_wait, nanosleep, sigwaitinfo, ...) fail with EINTR. */
static const struct lsan_stw_ops *const backends_table[] = {&lsan_stw_kernel, &lsan_stw_ptrace,
                                                            &lsan_stw_signal};

static struct lsan_stw_config config;
static volatile int configured;

const struct lsan_stw_ops *lsan_stw_backend(size_t i)
{
    return i < LSAN_ARRAY_SIZE(backends_table) ? backends_table[i] : NULL;
}

void lsan_stw_names(char *buf, size_t len)
{
    size_t n = LSAN_ARRAY_SIZE(backends_table), at = (size_t)lsan_fmt_snprintf(buf, len, "auto");
    for (size_t i = 0; i < n && at < len; i++)
        at += (size_t)lsan_fmt_snprintf(buf + at, len - at, "%s%s", i + 1 < n ? ", " : " or ",
                                        backends_table[i]->name);
}

void lsan_stw_configure(const struct lsan_stw_config *c)
{
    config = *c;
    __atomic_store_n(&configured, 1, __ATOMIC_RELEASE);
}

const struct lsan_stw_config *lsan_stw_configuration(void) { return &config; }

bool lsan_stw_configured(void) { return __atomic_load_n(&configured, __ATOMIC_ACQUIRE); }

static bool is_auto(const char *want) { return !want || !*want || !lsan_str_cmp(want, "auto"); }

int lsan_stw_validate(char *why, size_t why_len)
{
    bool named = is_auto(config.backend);
    for (size_t i = 0; !named && lsan_stw_backend(i); i++)
        named = !lsan_str_cmp(lsan_stw_backend(i)->name, config.backend);
    if (!named) {
        char names[128];
        lsan_stw_names(names, sizeof(names));
        lsan_fmt_snprintf(why, why_len, "stop_the_world=%s is not a backend: use %s", config.backend,
                          names);
        return -22; /* EINVAL */
    }
    for (size_t i = 0; lsan_stw_backend(i); i++) {
        const struct lsan_stw_ops *b = lsan_stw_backend(i);
        int r = b->validate ? b->validate(&config, why, why_len) : 0;
        if (r)
            return r;
    }
    return 0;
}

bool lsan_stw_may_stop_with_signals(void)
{
    bool automatic = is_auto(config.backend);
    for (size_t i = 0; lsan_stw_backend(i); i++) {
        const struct lsan_stw_ops *b = lsan_stw_backend(i);
        if (b->stops_with_signals && (automatic || !lsan_str_cmp(b->name, config.backend)))
            return true;
    }
    return false;
}

void lsan_stw_after_fork_child(void)
{
    for (size_t i = 0; lsan_stw_backend(i); i++)
        if (lsan_stw_backend(i)->after_fork_child)
            lsan_stw_backend(i)->after_fork_child();
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
    int ms = config.timeout_ms > 0 ? config.timeout_ms : 10000;
    return (uint64_t)ms * 1000000ull;
}

uint64_t lsan_stw_callback_limit_ns(void)
{
    uint64_t t = 100 * lsan_stw_timeout_ns(), floor = 600ull * 1000000000ull;
    return t > floor ? t : floor;
}

int lsan_stw_run(lsan_stw_callback cb, void *arg)
{
    const char *want = config.backend;
    bool automatic = is_auto(want);
    char why[256], skipped[512];
    size_t skipped_len = 0;
    int last = -38; /* -ENOSYS */
    bool tried = false; /* a backend ran and said why it failed */
    bool named = automatic; /* the flag names a backend of the table */
    skipped[0] = 0;
    for (size_t i = 0; lsan_stw_backend(i); i++) {
        const struct lsan_stw_ops *b = lsan_stw_backend(i);
        if (!automatic && lsan_str_cmp(b->name, want))
            continue;
        named = true;
        why[0] = 0;
        int p = automatic ? b->probe(why, sizeof(why)) : 0;
        if (p == 0) {
            struct wrap x = {cb, arg, 0};
            why[0] = 0;
            tried = true;
            p = b->run(wrapped, &x, why, sizeof(why));
            if (p == 0) {
                if (config.verbosity >= 1)
                    lsan_fmt_eprintf("==%ld==leaksan: stop_the_world: %s backend (%s%s%s)\n",
                                     sys_getpid(), b->name, automatic ? "auto" : "requested",
                                     skipped_len ? "; " : "", skipped);
                return 0;
            }
            lsan_fmt_eprintf("==%ld==leaksan: stop_the_world: the %s backend failed: %s%s\n",
                             sys_getpid(), b->name, why[0] ? why : "unknown error",
                             automatic && !x.ran ? "; trying the next backend" : "");
            /* as LSan says when its tracer crashes, for the scripts that look for it */
            if (p == -14 /* EFAULT: a crash */)
                lsan_fmt_eprintf("==%ld==LeakSanitizer has encountered a fatal error.\n"
                                 "==%ld==HINT: For debugging, try setting environment variable "
                                 "LSAN_OPTIONS=verbosity=1:log_threads=1\n",
                                 sys_getpid(), sys_getpid());
            if (x.ran)
                return p; /* the scan state is spent: no retry */
        }
        last = p;
        skipped_len += (size_t)lsan_fmt_snprintf(skipped + skipped_len, sizeof(skipped) - skipped_len,
                                                 "%s%s not used: %s", skipped_len ? "; " : "",
                                                 b->name, why[0] ? why : "failed");
        if (skipped_len >= sizeof(skipped))
            skipped_len = sizeof(skipped) - 1;
        if (!automatic)
            break;
    }
    char names[128];
    lsan_stw_names(names, sizeof(names));
    if (!named)
        lsan_fmt_eprintf("==%ld==leaksan: stop_the_world=%s names no backend (use %s)\n",
                         sys_getpid(), want, names);
    else if (!tried || automatic)
        lsan_fmt_eprintf("==%ld==leaksan: stop_the_world: no backend could stop the threads (%s)\n",
                         sys_getpid(), skipped);
    return last;
}
