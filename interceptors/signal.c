/* sigaction and signal: the program may install handlers for any signal, but
 * not displace the signal backend's handler; its action for that signal is
 * kept and called by the backend's handler for signals that are not ours.
 * sigaltstack: the program sees its own alternate stack, not leaksan's. */
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>

#include "platform/stw_altstack.h"
#include "platform/stw_signal_action.h"
#include "runtime/base.h"

#define LSAN_INTERCEPTOR LSAN_EXPORT LSAN_NOINLINE


sigaction_fn lsan_real_sigaction(void)
{
    static sigaction_fn real;
    if (!real)
        real = (sigaction_fn)dlsym(RTLD_NEXT, "sigaction");
    return real;
}

LSAN_INTERCEPTOR int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    int ret;
    if (lsan_stw_signal_intercept(sig, act, old, &ret))
        return ret;
    return lsan_real_sigaction()(sig, act, old);
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
    lsan_memset(&act, 0, sizeof(act));
    act.sa_handler = h;
    act.sa_flags = SA_RESTART;
    if (sigaction(sig, &act, &old) != 0)
        return SIG_ERR;
    return old.sa_handler;
}

LSAN_INTERCEPTOR sighandler_t signal(int sig, sighandler_t h) { return signal_impl(sig, h); }
LSAN_INTERCEPTOR sighandler_t bsd_signal(int sig, sighandler_t h) { return signal_impl(sig, h); }
