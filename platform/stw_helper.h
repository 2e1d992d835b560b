/* What the stop-the-world backends share: the raw clone that starts the
 * ptrace tracer, a signal return trampoline, and a call of the callback
 * that survives a fault in it (the scan reading memory the program made
 * unreadable), so it is reported instead of killing the program. */
#ifndef LSAN_PLATFORM_STW_HELPER_H
#define LSAN_PLATFORM_STW_HELPER_H

#include "platform/stw.h"

/* Runs fn(arg) on stack_top in a new process sharing our memory, with the
 * given clone flags; the child exits with fn's result. Returns its pid or
 * -errno. No libc: no TLS setup, so fn must follow the stopped-world rules. */
long lsan_stw_helper_clone(unsigned long flags, void *stack_top, int (*fn)(void *), void *arg,
                           volatile int *ctid);

/* The rt_sigaction system call's struct (not libc's struct sigaction). */
struct kernel_sigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    uint64_t mask;
};

/* A signal return trampoline (rt_sigreturn) for SA_RESTORER. */
void lsan_stw_helper_restorer(void) __asm__("lsan_stw_helper_restorer")
    __attribute__((visibility("hidden")));

/* Calls cb(world, arg) on the calling thread with a fault handler in place
 * of the program's for SIGSEGV, SIGBUS, SIGILL and SIGFPE: a fault in cb
 * on this thread unwinds straight back here (cb must hold no lock and
 * leave nothing half-done that matters: the scan's state is dropped). The
 * program's actions are back when it returns. For the signal backend,
 * whose calling thread runs the callback itself while the others are
 * stopped (a helper process would cost a clone per check, and a seccomp
 * filter may forbid it). Returns 0, or -EFAULT with why saying what
 * faulted. */
int lsan_stw_helper_guarded_call(lsan_stw_callback cb, const struct lsan_stw_world *world,
                                 void *arg, char *why, size_t why_len);
/* The name of a crash signal ("SIGSEGV"), or "a signal". */
const char *lsan_stw_helper_signal_name(int sig);

#endif
