/* Raw Linux x86-64 system calls for leaksan.
 * Each sys_* returns the kernel's result: a value >= 0, or -errno. None of them
 * touches errno or TLS, so all are safe while the world is stopped and inside a
 * tracer that shares the address space but not the thread pointer. */
#ifndef LSAN_PLATFORM_SYS_H
#define LSAN_PLATFORM_SYS_H

#include <linux/futex.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>

typedef uintptr_t uptr;
typedef intptr_t sptr;

static inline long sys_call6(long n, long a, long b, long c, long d, long e, long f)
{
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

#define SYS0(n) sys_call6((n), 0, 0, 0, 0, 0, 0)
#define SYS1(n, a) sys_call6((n), (long)(a), 0, 0, 0, 0, 0)
#define SYS2(n, a, b) sys_call6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define SYS3(n, a, b, c) sys_call6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define SYS4(n, a, b, c, d) sys_call6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define SYS5(n, a, b, c, d, e) \
    sys_call6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* The kernel's struct timespec (libc's is the same on x86-64, but comes
 * with <time.h>). */
struct sys_timespec {
    long sec, nsec;
};
static inline struct sys_timespec sys_timespec_ns(uint64_t ns)
{
    struct sys_timespec ts = {(long)(ns / 1000000000ull), (long)(ns % 1000000000ull)};
    return ts;
}

/* The rt_sigaction system call's struct (not libc's struct sigaction). */
struct sys_sigaction {
    void *handler;
    unsigned long flags;
    void *restorer; /* with SA_RESTORER */
    uint64_t mask;
};
#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

static inline int sys_is_err(long r) { return (unsigned long)r > -4096UL; }

static inline long sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
    return sys_call6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);
}
static inline long sys_munmap(void *addr, size_t len) { return SYS2(SYS_munmap, addr, len); }
static inline long sys_mprotect(void *addr, size_t len, int prot)
{
    return SYS3(SYS_mprotect, addr, len, prot);
}
static inline long sys_madvise(void *addr, size_t len, int advice)
{
    return SYS3(SYS_madvise, addr, len, advice);
}
static inline long sys_read(int fd, void *buf, size_t n) { return SYS3(SYS_read, fd, buf, n); }
static inline long sys_write(int fd, const void *buf, size_t n)
{
    return SYS3(SYS_write, fd, buf, n);
}
static inline long sys_openat(int dirfd, const char *path, int flags, int mode)
{
    return SYS4(SYS_openat, dirfd, path, flags, mode);
}
static inline long sys_close(int fd) { return SYS1(SYS_close, fd); }
static inline long sys_getdents64(int fd, void *buf, size_t n)
{
    return SYS3(SYS_getdents64, fd, buf, n);
}
static inline long sys_getpid(void) { return SYS0(SYS_getpid); }
static inline long sys_getppid(void) { return SYS0(SYS_getppid); }
static inline long sys_gettid(void) { return SYS0(SYS_gettid); }
static inline long sys_tgkill(int tgid, int tid, int sig) { return SYS3(SYS_tgkill, tgid, tid, sig); }
static inline long sys_kill(int pid, int sig) { return SYS2(SYS_kill, pid, sig); }
static inline long sys_ptrace(long req, long pid, void *addr, void *data)
{
    return SYS4(SYS_ptrace, req, pid, addr, data);
}
static inline long sys_wait4(int pid, int *status, int options, void *ru)
{
    return SYS4(SYS_wait4, pid, status, options, ru);
}
static inline long sys_prctl(int op, long a, long b, long c, long d)
{
    return SYS5(SYS_prctl, op, a, b, c, d);
}
/* op: FUTEX_WAIT, FUTEX_WAKE (shared with a process that shares the
 * memory), or their _PRIVATE forms; timeout relative, NULL for none. */
static inline long sys_futex(volatile int *uaddr, int op, int val,
                             const struct sys_timespec *timeout)
{
    return SYS4(SYS_futex, uaddr, op, val, timeout);
}
static inline long sys_clock_gettime(int clk, void *ts) { return SYS2(SYS_clock_gettime, clk, ts); }
static inline long sys_nanosleep(const struct sys_timespec *req, struct sys_timespec *rem)
{
    return SYS2(SYS_nanosleep, req, rem);
}
static inline long sys_sched_yield(void) { return SYS0(SYS_sched_yield); }
static inline long sys_rt_sigaction(int sig, const void *act, void *old)
{
    return SYS4(SYS_rt_sigaction, sig, act, old, 8);
}
static inline long sys_rt_sigprocmask(int how, const void *set, void *old)
{
    return SYS4(SYS_rt_sigprocmask, how, set, old, 8);
}
static inline long sys_pipe2(int *fds, int flags) { return SYS2(SYS_pipe2, fds, flags); }
static inline long sys_dup2(int a, int b) { return SYS3(SYS_dup3, a, b, 0); }
static inline long sys_execve(const char *p, char *const *argv, char *const *envp)
{
    return SYS3(SYS_execve, p, argv, envp);
}
static inline long sys_poll(void *fds, unsigned n, int timeout_ms)
{
    return SYS3(SYS_poll, fds, n, timeout_ms);
}
static inline long sys_access(const char *path, int mode) { return SYS2(SYS_access, path, mode); }
static inline long sys_readlink(const char *p, char *buf, size_t n)
{
    return SYS3(SYS_readlink, p, buf, n);
}
static inline long sys_lseek(int fd, long off, int whence) { return SYS3(SYS_lseek, fd, off, whence); }
static inline long sys_fstat(int fd, void *st) { return SYS2(SYS_fstat, fd, st); }
static inline long sys_getrlimit(int res, void *rl) { return SYS4(SYS_prlimit64, 0, res, 0, rl); }
static inline __attribute__((noreturn)) void sys_exit_group(int code)
{
    for (;;)
        SYS1(SYS_exit_group, code);
}
static inline __attribute__((noreturn)) void sys_exit(int code)
{
    for (;;)
        SYS1(SYS_exit, code);
}

/* Monotonic time in nanoseconds; the clock every deadline uses. */
static inline uint64_t sys_now_ns(void)
{
    struct sys_timespec ts = {0, 0};
    sys_clock_gettime(1 /* CLOCK_MONOTONIC */, &ts);
    return (uint64_t)ts.sec * 1000000000ull + (uint64_t)ts.nsec;
}

static inline void sys_sleep_ns(uint64_t ns)
{
    struct sys_timespec ts = sys_timespec_ns(ns);
    sys_nanosleep(&ts, 0);
}

#endif
