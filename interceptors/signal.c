/* sigaction and signal: the program may install handlers for any signal, but
 * not displace the signal backend's handler; its action for that signal is
 * kept and called by the backend's handler for signals that are not ours.
 * sigaltstack: the program sees its own alternate stack, not leaksan's. */
#include "interceptors/signal.h"
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>

#include <dlfcn.h>

#include "interceptors/start.h"
#include "platform/base.h"
#include "platform/mem.h"
#include "platform/stw_altstack.h"
#include "platform/stw_signal_action.h"

#define LSAN_INTERCEPTOR LSAN_EXPORT LSAN_NOINLINE

typedef int (*sigaction_fn)(int, const struct sigaction *, struct sigaction *);

int lsan_signal_real_sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    static sigaction_fn real;
    if (!real)
        real = (sigaction_fn)dlsym(RTLD_NEXT, "sigaction");
    return real(sig, act, old);
}

LSAN_INTERCEPTOR int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    int ret;
    /* may come before leaksan's start-up: the backend needs the flags */
    lsan_start_libc();
    if (lsan_stw_signal_action_intercept(sig, act, old, &ret))
        return ret;
    return lsan_signal_real_sigaction(sig, act, old);
}

/* The program's alternate stack as it set it; the kernel's may be leaksan's
 * (platform/stw_altstack.c). */
LSAN_INTERCEPTOR int sigaltstack(const stack_t *ss, stack_t *old)
{
    int ret;
    lsan_stw_altstack_intercept(ss, old, &ret);
    if (ret < 0) {
        errno = -ret;
        return -1;
    }
    return 0;
}

static sighandler_t signal_impl(int sig, sighandler_t h)
{
    struct sigaction act, old;
    lsan_mem_set(&act, 0, sizeof(act));
    act.sa_handler = h;
    act.sa_flags = SA_RESTART;
    if (sigaction(sig, &act, &old) != 0)
        return SIG_ERR;
    return old.sa_handler;
}

LSAN_INTERCEPTOR sighandler_t signal(int sig, sighandler_t h) { return signal_impl(sig, h); }
LSAN_INTERCEPTOR sighandler_t bsd_signal(int sig, sighandler_t h) { return signal_impl(sig, h); }
