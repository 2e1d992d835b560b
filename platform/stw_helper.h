/* What the stop-the-world backends share: a helper process for a backend
 * that must run the scan outside the stopped threads (the ptrace tracer):
 * raw clone, guard-paged stack, crash handlers, a watchdog per phase and
 * reaping with a deadline; a signal return trampoline; and a call of the
 * callback that survives a fault in it (the scan reading memory the program
 * made unreadable), so it is reported instead of killing the program. */
#ifndef LSAN_PLATFORM_STW_HELPER_H
#define LSAN_PLATFORM_STW_HELPER_H

#include "platform/stw.h"

/* Runs fn(arg) on stack_top in a new process sharing our memory, with the
 * given clone flags; the child exits with fn's result. Returns its pid or
 * -errno. No libc: no TLS setup, so fn must follow the stopped-world rules. */
long lsan_stw_helper_clone(unsigned long flags, void *stack_top, int (*fn)(void *), void *arg,
                           volatile int *ctid);

/* ---- the helper process ---- */

/* Exit statuses the machinery gives the helper; a backend's main returns
 * its own (0 for success), none of these. */
enum {
    LSAN_STW_HELPER_CRASH = 3,    /* a crash signal in the helper */
    LSAN_STW_HELPER_WATCHDOG = 5, /* a phase overstayed its limit */
    LSAN_STW_HELPER_ORPHAN = 8,   /* the process it serves was gone at its start */
};

/* The helper's state, shared by the caller and the helper: the first
 * member of the backend's own header, at the start of its memory. */
struct lsan_stw_helper {
    /* Set by the backend before lsan_stw_helper_start. */
    int (*main)(struct lsan_stw_helper *h); /* in the helper: its exit status */
    /* In the helper, on a crash or the watchdog, just before it exits:
     * releases what it holds (the stopped threads). */
    void (*on_abort)(struct lsan_stw_helper *h);
    uint64_t start_limit_ns; /* how long it may take to set its first phase */
    uint64_t done_limit_ns;  /* how long it may take to exit after done_phase */
    int done_phase;
    /* Set by lsan_stw_helper_start and the helper. */
    int parent;
    char *altstack;
    volatile int alive; /* cleared by the kernel when the helper exits */
    volatile int phase; /* 0 until main sets one */
    volatile uint64_t phase_start_ns, phase_deadline_ns;
    /* crash_phase also by the caller when it kills the helper */
    int crash_sig, crash_phase;
    uptr crash_addr, crash_pc;
};

/* The helper's memory: a guard page, its alternate stack, a guard page, its
 * stack, then the backend's `size` bytes at data (address space only,
 * MAP_NORESERVE), which begin with the backend's header. */
struct lsan_stw_helper_mem {
    char *base;
    size_t total;
    char *data;
};
/* 0, or -errno when the kernel refuses the mapping. */
int lsan_stw_helper_map(size_t size, struct lsan_stw_helper_mem *mem);
void lsan_stw_helper_unmap(struct lsan_stw_helper_mem *mem);

/* Starts the helper whose struct lsan_stw_helper is at mem->data: a process
 * sharing our memory, files and directories, untraced, with every signal
 * blocked but the crash signals and SIGALRM (its handlers on its alternate
 * stack), dying with us (PR_SET_PDEATHSIG). It runs h->main(h) on its own
 * stack, by the stopped-world rules. Returns its pid or -errno. */
long lsan_stw_helper_start(const struct lsan_stw_helper_mem *mem);
/* In the helper: enters `phase`, which may last limit_ns (0: no limit)
 * before the watchdog ends the helper. */
void lsan_stw_helper_phase(struct lsan_stw_helper *h, int phase, uint64_t limit_ns);
/* Waits for the helper to exit, and kills it when it overstays its phase
 * (its own watchdog should fire first). Returns 0 when it exited, 1 when it
 * had to be killed, or -errno if it could not be reaped: then it may still
 * touch its memory, which must stay mapped. */
int lsan_stw_helper_wait(struct lsan_stw_helper *h, long pid, int *status);

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
