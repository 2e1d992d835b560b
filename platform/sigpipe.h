/* Blocking SIGPIPE around writes to a pipe whose reader may be gone (a
 * closed stderr, a dead symbolizer): the write fails with EPIPE instead of
 * killing the program. A SIGPIPE the writes raised is discarded; one that
 * was pending or blocked before is kept. Raw system calls only: errno stays
 * as the program left it, and none of them is a cancellation point
 * (sigtimedwait is). */
#ifndef LSAN_PLATFORM_SIGPIPE_H
#define LSAN_PLATFORM_SIGPIPE_H

#include <signal.h>

#include "platform/base.h"
#include "platform/sys.h"

struct lsan_sigpipe_guard {
    u64 old;          /* the thread's mask before */
    bool was_pending; /* a SIGPIPE was pending before */
};

#define LSAN_SIGPIPE_BIT (1ull << (SIGPIPE - 1))

static inline void lsan_sigpipe_block(struct lsan_sigpipe_guard *g)
{
    u64 pipe = LSAN_SIGPIPE_BIT, pending = 0;
    g->old = 0;
    sys_rt_sigprocmask(SIG_BLOCK, &pipe, &g->old);
    g->was_pending = SYS2(SYS_rt_sigpending, &pending, 8) == 0 && (pending & LSAN_SIGPIPE_BIT);
}

static inline void lsan_sigpipe_restore(struct lsan_sigpipe_guard *g)
{
    u64 pipe = LSAN_SIGPIPE_BIT;
    if (!g->was_pending && !(g->old & LSAN_SIGPIPE_BIT)) {
        struct sys_timespec zero = {0, 0};
        while (SYS4(SYS_rt_sigtimedwait, &pipe, 0, &zero, 8) == SIGPIPE)
            ;
    }
    sys_rt_sigprocmask(SIG_SETMASK, &g->old, 0);
}

#endif
