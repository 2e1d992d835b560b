/* The helper process of the stop-the-world backends: a raw clone that shares
 * the caller's memory, files and fs but not its signal actions, thread group
 * or TLS setup, so a fault in what it runs (the scan reading memory the
 * program made unreadable) is caught and reported instead of killing the
 * program. */
#ifndef LSAN_PLATFORM_STW_HELPER_H
#define LSAN_PLATFORM_STW_HELPER_H

#include <stdbool.h>

#include "platform/stw.h"

/* Runs fn(arg) on stack_top in a new process sharing our memory, with the
 * given clone flags; the child exits with fn's result. Returns its pid or
 * -errno. No libc: no TLS setup, so fn must follow the stopped-world rules. */
long lsan_stw_raw_clone(unsigned long flags, void *stack_top, int (*fn)(void *), void *arg,
                        volatile int *ctid);

/* A signal return trampoline (rt_sigreturn) for SA_RESTORER. */
void lsan_stw_restorer(void) __asm__("lsan_stw_restorer") __attribute__((visibility("hidden")));

/* Calls cb(world, arg) on a helper process with its own stack (guard page
 * below it), an alternate stack for its crash handlers, and every other
 * signal blocked; waits for it, and kills it if it runs past limit_ns. The
 * caller's threads stay as they are (the world is stopped around the call).
 * Returns 0 when cb returned; -EFAULT when it crashed and -ETIMEDOUT when it
 * was killed, with why saying so. When the helper could not be started,
 * *started is false and the result is -errno: cb did not run. */
int lsan_stw_helper_call(lsan_stw_callback cb, const struct lsan_stw_world *world, void *arg,
                         uint64_t limit_ns, bool *started, char *why, size_t why_len);
/* The name of a crash signal ("SIGSEGV"), or "a signal". */
const char *lsan_stw_signal_name(int sig);

#endif
