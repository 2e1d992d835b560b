/* The stop-the-world contract. A backend stops every thread (LWP) of the
 * process except its own helper, hands the callback each thread's id, stack
 * pointer, thread pointer and full register set, and resumes them after the
 * callback returns. The scanner never knows which backend ran; the kernel
 * module's whole-process stop (stw_kernel.c) is one more `struct lsan_stw_ops`. */
#ifndef LSAN_PLATFORM_STW_H
#define LSAN_PLATFORM_STW_H

#include "platform/sys.h"

enum lsan_stw_thread_status {
    LSAN_STW_STOPPED = 0,  /* registers valid */
    LSAN_STW_NO_REGS = 1,  /* stopped, but registers could not be read: scan the
                              whole stack mapping conservatively */
};

struct lsan_stw_thread {
    int tid;
    int status;          /* enum lsan_stw_thread_status */
    uptr sp;             /* stack pointer at the stop (0 if unknown) */
    uptr tp;             /* thread pointer, %fs base (0 if unknown) */
    const void *regs;    /* general registers then the XSAVE area, as bytes */
    size_t regs_size;    /* bytes at regs */
};

struct lsan_stw_world {
    struct lsan_stw_thread *threads;
    size_t n_threads;
    const char *backend;  /* name of the backend that stopped the world */
};

/* Runs while every other thread is stopped. It may run on a helper that shares
 * the address space but not the caller's TLS (ptrace backend): it must follow
 * STYLE.md's stopped-world rules (no libc, no locks, no TLS, no malloc). */
typedef void (*lsan_stw_callback)(const struct lsan_stw_world *world, void *arg);

struct lsan_stw_ops {
    const char *name;
    /* 0 if this backend should work in this process now; otherwise -errno and
     * *why points at a static explanation ("a tracer is attached (TracerPid 1234)"). */
    int (*probe)(char *why, size_t why_len);
    /* Stops the world, calls cb(world, arg), resumes. Returns 0, or -errno with
     * a message in why (nothing was scanned when it fails before the callback). */
    int (*run)(lsan_stw_callback cb, void *arg, char *why, size_t why_len);
};

/* The backends linked into every build; stw.c holds the table. */
extern const struct lsan_stw_ops lsan_stw_kernel;
extern const struct lsan_stw_ops lsan_stw_ptrace;
extern const struct lsan_stw_ops lsan_stw_signal;
/* The signal the signal backend uses (stop_the_world_signal, default SIGURG:
 * gdb passes it silently, its default action is to ignore it). */
int lsan_stw_signal_number(void);
/* 0 if stop_the_world_signal names a signal the backend can own; otherwise
 * -EINVAL and why says what is wrong with it. */
int lsan_stw_signal_validate(char *why, size_t why_len);

/* Picks the backend named by the stop_the_world flag (auto: the first whose
 * probe succeeds), runs it, and falls back to the next one if it fails before
 * the callback ran. Returns 0 or -errno after printing why. */
int lsan_stw_run(lsan_stw_callback cb, void *arg);
/* Deadline for stopping or resuming, from the stop_the_world_timeout_ms flag. */
uint64_t lsan_stw_timeout_ns(void);
/* How long the callback (the scan) may keep the world stopped before the
 * backend gives up on it: 100 timeouts, at least 10 minutes. */
uint64_t lsan_stw_callback_limit_ns(void);

#endif
