/* The helper process that runs a callback while the world is stopped (see
 * stw_helper.h). The helper side follows the stopped-world rules: no libc, no
 * locks, no TLS, no errno; it reports only through its header and its exit
 * status. The caller's side runs in normal context. */
#include "platform/stw_helper.h"

#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <ucontext.h>

#include "runtime/base.h"
#include "runtime/fmt.h"

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif
#define STACK_SIZE (1ul << 20)
#define ALT_SIZE (64ul << 10)
#define MS 1000000ull
#define EXIT_CRASH 3

__asm__(".text\n.p2align 4\n.globl lsan_stw_restorer\n.hidden lsan_stw_restorer\n"
        ".type lsan_stw_restorer,@function\n"
        "lsan_stw_restorer:\n\tmov $15, %eax\n\tsyscall\n\thlt\n" /* rt_sigreturn */
        ".size lsan_stw_restorer,.-lsan_stw_restorer\n");

long lsan_stw_raw_clone(unsigned long flags, void *stack_top, int (*fn)(void *), void *arg,
                        volatile int *ctid)
{
    void **sp = stack_top;
    *--sp = arg;
    *--sp = (void *)fn;
    long ret;
    register long r10 __asm__("r10") = (long)ctid;
    register long r8 __asm__("r8") = 0;
    __asm__ volatile("syscall\n\t"
                     "test %%rax, %%rax\n\t"
                     "jnz 1f\n\t" /* the parent; the child pops fn and arg: */
                     "xor %%ebp, %%ebp\n\tpop %%rax\n\tpop %%rdi\n\tcall *%%rax\n\t"
                     "mov %%eax, %%edi\n\tmov %[nr_exit], %%eax\n\tsyscall\n"
                     "1:"
                     : "=a"(ret)
                     : "0"((long)SYS_clone), "D"(flags), "S"(sp), "d"(0L), "r"(r10), "r"(r8),
                       [nr_exit] "i"(SYS_exit)
                     : "rcx", "r11", "memory");
    return ret;
}

struct helper {
    lsan_stw_callback cb;
    const struct lsan_stw_world *world;
    void *arg;
    char *altstack;
    volatile int alive; /* cleared by the kernel when the helper exits */
    volatile int crash_sig;
    uptr crash_addr, crash_pc;
};

struct kernel_sigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    uint64_t mask;
};

/* Read only by the helper's crash handler; one helper at a time (the leak
 * check is serialized). */
static struct helper *volatile current;

static void on_crash(int sig, siginfo_t *si, void *uc)
{
    struct helper *h = current;
    h->crash_addr = (uptr)si->si_addr;
    h->crash_pc = (uptr)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
    __atomic_store_n(&h->crash_sig, sig, __ATOMIC_RELEASE);
    sys_exit(EXIT_CRASH);
}

static int helper_main(void *p)
{
    static const int crash[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS};
    struct helper *h = p;
    current = h;
    stack_t ss;
    ss.ss_sp = h->altstack;
    ss.ss_flags = 0;
    ss.ss_size = ALT_SIZE;
    SYS2(SYS_sigaltstack, &ss, 0);
    struct kernel_sigaction ka = {(void *)on_crash, SA_SIGINFO | SA_ONSTACK | SA_RESTORER,
                                  (void *)lsan_stw_restorer, ~0ull};
    uint64_t blocked = ~0ull;
    for (size_t i = 0; i < LSAN_ARRAY_SIZE(crash); i++) {
        sys_rt_sigaction(crash[i], &ka, 0);
        blocked &= ~(1ull << (crash[i] - 1));
    }
    sys_rt_sigprocmask(SIG_SETMASK, &blocked, 0);
    sys_prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    h->cb(h->world, h->arg);
    return 0;
}

const char *lsan_stw_signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGFPE: return "SIGFPE";
    case SIGABRT: return "SIGABRT";
    case SIGTRAP: return "SIGTRAP";
    case SIGSYS: return "SIGSYS";
    case SIGKILL: return "SIGKILL";
    default: return "a signal";
    }
}

int lsan_stw_helper_call(lsan_stw_callback cb, const struct lsan_stw_world *world, void *arg,
                         uint64_t limit_ns, bool *started, char *why, size_t why_len)
{
    *started = false;
    /* guard, altstack, guard, stack, header */
    size_t off_alt = LSAN_PAGE, off_stack = off_alt + ALT_SIZE + LSAN_PAGE;
    size_t off_hdr = off_stack + STACK_SIZE, total = off_hdr + LSAN_PAGE;
    long m = sys_mmap(0, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                      -1, 0);
    if (sys_is_err(m)) {
        lsan_snprintf(why, why_len, "cannot map the scan helper's stack (errno %ld)", -m);
        return (int)m;
    }
    char *base = (char *)m;
    sys_mprotect(base, LSAN_PAGE, PROT_NONE);
    sys_mprotect(base + off_stack - LSAN_PAGE, LSAN_PAGE, PROT_NONE);
    struct helper *h = (struct helper *)(base + off_hdr);
    h->cb = cb;
    h->world = world;
    h->arg = arg;
    h->altstack = base + off_alt;
    h->alive = 1;
    /* Starts with every signal blocked: the program's handlers, copied into
     * it, must never run there. Exit signal 0: no SIGCHLD for the program,
     * and only __WALL waits see it. */
    uint64_t all = ~0ull, old = 0;
    unsigned long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_UNTRACED | CLONE_CHILD_CLEARTID;
    sys_rt_sigprocmask(SIG_SETMASK, &all, &old);
    long pid = lsan_stw_raw_clone(flags, base + off_hdr, helper_main, h, &h->alive);
    sys_rt_sigprocmask(SIG_SETMASK, &old, 0);
    if (pid < 0) {
        lsan_snprintf(why, why_len, "cannot start the scan helper: clone failed (errno %ld)", -pid);
        sys_munmap(base, total);
        return (int)pid;
    }
    *started = true;
    int st = 0;
    uint64_t end = sys_now_ns() + limit_ns, kill_end = 0;
    for (;;) {
        long r = sys_wait4((int)pid, &st, __WALL | WNOHANG, 0);
        if (r == pid)
            break;
        if (r < 0 && r != -EINTR) {
            /* not reaped: it may still touch the header, so keep the map */
            lsan_snprintf(why, why_len, "cannot reap the scan helper (pid %ld, errno %ld)", pid,
                          -r);
            return (int)r;
        }
        uint64_t now = sys_now_ns();
        if (!kill_end && now >= end) {
            sys_kill((int)pid, SIGKILL);
            kill_end = now + 5000 * MS;
        } else if (kill_end && now >= kill_end) {
            lsan_snprintf(why, why_len, "the scan helper (pid %ld) did not die when killed", pid);
            return -ETIMEDOUT;
        }
        struct timespec ts = {0, 10 * (long)MS};
        if (__atomic_load_n(&h->alive, __ATOMIC_ACQUIRE))
            sys_futex(&h->alive, FUTEX_WAIT, 1, &ts); /* woken by CLONE_CHILD_CLEARTID */
        else
            sys_sched_yield();
    }
    int r = 0;
    int sig = __atomic_load_n(&h->crash_sig, __ATOMIC_ACQUIRE);
    if (sig && WIFEXITED(st) && WEXITSTATUS(st) == EXIT_CRASH) {
        lsan_snprintf(why, why_len,
                      "the scan crashed with signal %d (%s) at pc %p, address %p: the program "
                      "may have made memory that leaksan scans unreadable (mprotect PROT_NONE "
                      "on a heap block, a global or a root region)",
                      sig, lsan_stw_signal_name(sig), (void *)h->crash_pc, (void *)h->crash_addr);
        r = -EFAULT;
    } else if (kill_end) {
        lsan_snprintf(why, why_len, "the scan took longer than %llu ms; killed it",
                      (unsigned long long)(limit_ns / MS));
        r = -ETIMEDOUT;
    } else if (WIFSIGNALED(st)) {
        lsan_snprintf(why, why_len, "the scan was killed by signal %d (%s)%s", WTERMSIG(st),
                      lsan_stw_signal_name(WTERMSIG(st)),
                      WTERMSIG(st) == SIGSYS ? ": a seccomp filter forbids a system call" : "");
        r = -EFAULT;
    } else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        lsan_snprintf(why, why_len, "the scan helper exited with status %d",
                      WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        r = -EFAULT;
    }
    sys_munmap(base, total);
    return r;
}
