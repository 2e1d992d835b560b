/* The stop-the-world contract. A backend stops every thread (LWP) of the
 * process except its own helper, hands the callback each thread's id, stack
 * pointer, thread pointer and full register set, and resumes them after the
 * callback returns. The scanner never knows which backend ran; the kernel
 * module's whole-process stop (stw_kernel.c) is one more `struct lsan_stw_ops`. */
#ifndef LSAN_PLATFORM_STW_H
#define LSAN_PLATFORM_STW_H

#include <signal.h>
#include <stdbool.h>

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

/* What the backends are handed at start-up (lsan_stw_configure): the
 * runtime's settings and the few services from above platform/ they need.
 * A backend reads nothing else above platform/. */
struct lsan_stw_config {
    const char *backend;    /* stop_the_world: "auto" or a backend's name */
    int signal;             /* stop_the_world_signal: 0 for the backend's default */
    int timeout_ms;         /* stop_the_world_timeout_ms: stopping or resuming (<= 0: 10000) */
    int verbosity;
    /* Is tid a thread of the program that has left its user code for good
     * (it may block every signal while it exits)? Called during a stop, with
     * the caller's thread registry locked. NULL: none is. */
    bool (*thread_exiting_locked)(int tid);
    /* libc's sigaction, for the signal backend's own signals. NULL until the
     * interceptors have handed it over. */
    int (*real_sigaction)(int sig, const struct sigaction *act, struct sigaction *old);
};

struct lsan_stw_ops {
    const char *name;
    /* 0 if this backend should work in this process now; otherwise -errno and
     * *why points at a static explanation ("a tracer is attached (TracerPid 1234)"). */
    int (*probe)(char *why, size_t why_len);
    /* Stops the world, calls cb(world, arg), resumes. Returns 0, or -errno with
     * a message in why (nothing was scanned when it fails before the callback). */
    int (*run)(lsan_stw_callback cb, void *arg, char *why, size_t why_len);
    /* Optional. At start-up, for every backend whichever runs: 0 if the
     * configuration suits it, else -EINVAL with why saying what is wrong. */
    int (*validate)(const struct lsan_stw_config *config, char *why, size_t why_len);
    /* Optional. In a forked child, before anything else runs there: forget
     * a stop or a lock the fork interrupted. */
    void (*after_fork_child)(void);
    /* A stop runs a signal handler on every thread, which then needs room
     * for a signal frame (stw_altstack.h). */
    bool stops_with_signals;
};

/* The backends, one file each; stw.c holds the table. */
extern const struct lsan_stw_ops lsan_stw_kernel;
extern const struct lsan_stw_ops lsan_stw_ptrace;
extern const struct lsan_stw_ops lsan_stw_signal;
/* The backends in the order auto tries them; NULL past the last. */
const struct lsan_stw_ops *lsan_stw_backend(size_t i);
/* "auto, ptrace or signal": what the stop_the_world flag accepts. */
void lsan_stw_names(char *buf, size_t len);

/* Hands the backends their configuration (copied); may be called again
 * when more of it is known (libc's sigaction comes later than the flags).
 * Until the first call every backend sees it all zero. */
void lsan_stw_configure(const struct lsan_stw_config *config);
/* The configuration last handed over. */
const struct lsan_stw_config *lsan_stw_configuration(void);
/* True once lsan_stw_configure has been called: a backend must not keep
 * an answer it computed from the zero configuration before that. */
bool lsan_stw_configured(void);
/* 0 if the configuration names a backend (or auto) and every backend's
 * validate accepts it; otherwise -EINVAL and why says what is wrong. */
int lsan_stw_validate(char *why, size_t why_len);
/* May the configured backend (auto: any of them) stop threads with a
 * signal handler? */
bool lsan_stw_may_stop_with_signals(void);
/* In a forked child: every backend's after_fork_child. */
void lsan_stw_after_fork_child(void);

/* Picks the backend named by the configuration (auto: the first whose
 * probe succeeds), runs it, and falls back to the next one if it fails before
 * the callback ran. Returns 0 or -errno after printing why. */
int lsan_stw_run(lsan_stw_callback cb, void *arg);
/* Deadline for stopping or resuming, from the configuration's timeout_ms. */
uint64_t lsan_stw_timeout_ns(void);
/* How long the callback (the scan) may keep the world stopped before the
 * backend gives up on it: 100 timeouts, at least 10 minutes. */
uint64_t lsan_stw_callback_limit_ns(void);

#endif
