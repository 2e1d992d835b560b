/* leaksan's own alternate signal stack for each thread, so the signal
 * backend's stop frame never lands on a nearly full thread stack or on a
 * small alternate stack of the program's; and the program's view of
 * sigaltstack(), which stays its own. */
#ifndef LSAN_PLATFORM_STW_ALTSTACK_H
#define LSAN_PLATFORM_STW_ALTSTACK_H

#include <signal.h>

#include "platform/sys.h"

/* Gives the calling thread leaksan's alternate stack if it has no alternate
 * stack at all. Async-signal-safe (raw syscalls and atomics): for thread
 * start, and the signal backend before a stop. */
void lsan_stw_altstack_ensure_async(void);
/* The calling thread is leaving its user code: its alternate stack of
 * leaksan's goes back (a stop in its exit path needs none: the thread is at
 * the top of its stack), so threads that come and go without a check in
 * between leave no stacks behind. */
void lsan_stw_altstack_release_async(void);
/* The same from a signal handler, whose return restores the alternate stack
 * saved in its frame: *saved (the frame's uc_stack) is set instead. */
void lsan_stw_altstack_ensure_on_return_async(stack_t *saved);
/* sigaltstack() as the program sees it: 1 with *ret set to 0 or -errno
 * when it handled the call. */
int lsan_stw_altstack_intercept(const stack_t *ss, stack_t *old, int *ret);
/* While the world is stopped: frees the alternate stacks of threads that are
 * gone; live(tid, arg) says whether tid is still a thread of the process. */
void lsan_stw_altstack_reclaim_stopped(int self, int (*live)(int tid, void *arg), void *arg);
/* In a fork child: the stack the forking thread had is the child's now. */
void lsan_stw_altstack_after_fork_child(void);

#endif
