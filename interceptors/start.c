/* Start-up from the interceptors' side: the library constructor, and what the
 * interceptors hand the runtime from libc (runtime/ calls nothing in
 * interceptors/). */
#include "interceptors/start.h"

#include "interceptors/fork.h"
#include "interceptors/pthread.h"
#include "interceptors/signal.h"
#include "runtime/init.h"

static const struct lsan_init_libc libc = {
    .sigaction = lsan_signal_real_sigaction,
    .resolve = lsan_pthread_resolve,
    .install_fork_handlers = lsan_fork_install,
};

void lsan_start_libc(void) { lsan_init_libc(&libc); }

void lsan_start(void)
{
    lsan_start_libc();
    lsan_init();
    /* no-ops unless lsan_init ran before libc was handed over */
    lsan_pthread_resolve();
    lsan_fork_install();
}

__attribute__((constructor)) static void start(void) { lsan_start(); }
