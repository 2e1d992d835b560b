/* What the stop-the-world backends share (see stw_helper.h): the helper
 * process (the ptrace tracer's), a signal return trampoline, and the
 * guarded call of the signal backend's callback. The helper and the fault
 * handlers follow the stopped-world rules: no libc, no locks, no TLS, no
 * errno. */
#include "platform/stw_helper.h"

#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <ucontext.h>

#include "platform/base.h"
#include "platform/bits.h"
#include "platform/fmt.h"


__asm__(".text\n.p2align 4\n.globl lsan_stw_helper_restorer\n.hidden lsan_stw_helper_restorer\n"
        ".type lsan_stw_helper_restorer,@function\n"
        "lsan_stw_helper_restorer:\n\tmov $15, %eax\n\tsyscall\n\thlt\n" /* rt_sigreturn */
        ".size lsan_stw_helper_restorer,.-lsan_stw_helper_restorer\n");

long lsan_stw_helper_clone(unsigned long flags, void *stack_top, int (*fn)(void *), void *arg,
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

const char *lsan_stw_helper_signal_name(int sig)
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

/* ---- the helper process ---- */

#define HELPER_STACK (1ul << 20)
#define HELPER_ALT (64ul << 10)
#define MS 1000000ull

/* Read only by the helper's signal handlers; one helper at a time. */
static struct lsan_stw_helper *volatile handler_helper;

/* What lsan_stw_helper_map puts before the backend's data. */
#define HELPER_HEAD (LSAN_PAGE + HELPER_ALT + LSAN_PAGE + HELPER_STACK)

int lsan_stw_helper_map(size_t size, struct lsan_stw_helper_mem *mem)
{
    size_t head = HELPER_HEAD, total = lsan_bits_round_up(head + size, LSAN_PAGE);
    long m = sys_mmap(0, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                      -1, 0);
    if (sys_is_err(m))
        return (int)m;
    mem->base = (char *)m;
    mem->total = total;
    mem->data = mem->base + head;
    sys_mprotect(mem->base, LSAN_PAGE, PROT_NONE);
    sys_mprotect(mem->base + LSAN_PAGE + HELPER_ALT, LSAN_PAGE, PROT_NONE);
    return 0;
}

void lsan_stw_helper_unmap(struct lsan_stw_helper_mem *mem) { sys_munmap(mem->base, mem->total); }

/* One-shot SIGALRM after ns (0 disarms): the watchdog of the current phase. */
static void arm_watchdog(uint64_t ns)
{
    struct itimerval it = {{0, 0}, {0, 0}};
    if (ns) {
        it.it_value.tv_sec = (long)(ns / 1000000000ull);
        it.it_value.tv_usec = (long)(ns % 1000000000ull / 1000) + 1;
    }
    SYS3(SYS_setitimer, ITIMER_REAL, &it, 0);
}

void lsan_stw_helper_phase(struct lsan_stw_helper *h, int phase, uint64_t limit_ns)
{
    uint64_t now = sys_now_ns();
    h->phase_start_ns = now;
    h->phase_deadline_ns = limit_ns ? now + limit_ns : 0;
    __atomic_store_n(&h->phase, phase, __ATOMIC_RELEASE);
    arm_watchdog(limit_ns);
}

static void on_helper_signal(int sig, siginfo_t *si, void *uc)
{
    struct lsan_stw_helper *h = handler_helper;
    if (sig == SIGALRM) {
        uint64_t now = sys_now_ns(), dl = h->phase_deadline_ns;
        if (!dl || now < dl) {
            arm_watchdog(dl ? dl - now : 0); /* a phase change raced the timer */
            return;
        }
    } else {
        h->crash_sig = sig;
        h->crash_addr = (uptr)si->si_addr;
        h->crash_pc = (uptr)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
    }
    h->crash_phase = h->phase;
    h->on_abort(h);
    sys_exit(sig == SIGALRM ? LSAN_STW_HELPER_WATCHDOG : LSAN_STW_HELPER_CRASH);
}

/* Crash signals and the watchdog run on_helper_signal on the alternate
 * stack; every other signal stays blocked. */
static void setup_helper_signals(struct lsan_stw_helper *h)
{
    static const int handled[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGALRM};
    stack_t ss;
    ss.ss_sp = h->altstack;
    ss.ss_flags = 0;
    ss.ss_size = HELPER_ALT;
    SYS2(SYS_sigaltstack, &ss, 0);
    unsigned long flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER | SA_RESTART;
    struct sys_sigaction ka = {(void *)on_helper_signal, flags, (void *)lsan_stw_helper_restorer,
                               ~0ull};
    uint64_t blocked = ~0ull;
    for (size_t i = 0; i < LSAN_ARRAY_SIZE(handled); i++) {
        sys_rt_sigaction(handled[i], &ka, 0);
        blocked &= ~(1ull << (handled[i] - 1));
    }
    sys_rt_sigprocmask(SIG_SETMASK, &blocked, 0);
}

static int helper_entry(void *arg)
{
    struct lsan_stw_helper *h = arg;
    handler_helper = h;
    setup_helper_signals(h);
    sys_prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (sys_getppid() != h->parent)
        return LSAN_STW_HELPER_ORPHAN;
    return h->main(h);
}

long lsan_stw_helper_start(const struct lsan_stw_helper_mem *mem)
{
    struct lsan_stw_helper *h = (struct lsan_stw_helper *)mem->data;
    h->parent = (int)sys_getpid();
    h->altstack = mem->base + LSAN_PAGE;
    h->alive = 1;
    /* The helper starts with every signal blocked: the program's handlers,
     * copied into it, must never run there. Exit signal 0: no SIGCHLD for
     * the program, and only __WALL waits see the helper. */
    uint64_t all = ~0ull, old = 0;
    unsigned long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_UNTRACED | CLONE_CHILD_CLEARTID;
    sys_rt_sigprocmask(SIG_SETMASK, &all, &old);
    long pid = lsan_stw_helper_clone(flags, mem->data, helper_entry, h, &h->alive);
    sys_rt_sigprocmask(SIG_SETMASK, &old, 0);
    return pid;
}

int lsan_stw_helper_wait(struct lsan_stw_helper *h, long pid, int *st)
{
    uint64_t spawn = sys_now_ns(), kill_deadline = 0;
    for (;;) {
        long r = sys_wait4((int)pid, st, __WALL | WNOHANG, 0);
        if (r == pid)
            return kill_deadline ? 1 : 0;
        if (r < 0 && r != -EINTR)
            return (int)r;
        uint64_t now = sys_now_ns();
        int ph = __atomic_load_n(&h->phase, __ATOMIC_ACQUIRE);
        uint64_t dl = ph == 0                ? spawn + h->start_limit_ns
                      : ph == h->done_phase ? h->phase_start_ns + h->done_limit_ns
                                            : h->phase_deadline_ns;
        if (!kill_deadline && now > dl + 1000 * MS) {
            h->crash_phase = ph;
            sys_kill((int)pid, SIGKILL); /* the kernel detaches its tracees */
            kill_deadline = now + 5000 * MS;
        }
        if (kill_deadline && now > kill_deadline)
            return -ETIMEDOUT;
        struct sys_timespec ts = sys_timespec_ns(10 * MS);
        if (__atomic_load_n(&h->alive, __ATOMIC_ACQUIRE))
            sys_futex(&h->alive, FUTEX_WAIT, 1, &ts); /* woken by CLONE_CHILD_CLEARTID */
        else
            sys_sched_yield();
    }
}

/* ---- on the calling thread ---- */

/* What guarded_enter saves to come back to: callee-saved registers, the
 * stack pointer after its return, and its return address. */
struct guard_jmp {
    uptr rbx, rbp, r12, r13, r14, r15, rsp, rip;
};

/* Calls cb(world, arg) and returns 0; a fault handler that finds `jb`
 * returns 1 from it instead, with the registers saved here. */
int guarded_enter(struct guard_jmp *jb, lsan_stw_callback cb, const struct lsan_stw_world *world,
                  void *arg) __asm__("lsan_stw_helper_guarded_enter")
    __attribute__((visibility("hidden")));
__asm__(".text\n.p2align 4\n.globl lsan_stw_helper_guarded_enter\n"
        ".hidden lsan_stw_helper_guarded_enter\n"
        ".type lsan_stw_helper_guarded_enter,@function\n"
        "lsan_stw_helper_guarded_enter:\n"
        "\tmov %rbx, 0(%rdi)\n\tmov %rbp, 8(%rdi)\n\tmov %r12, 16(%rdi)\n"
        "\tmov %r13, 24(%rdi)\n\tmov %r14, 32(%rdi)\n\tmov %r15, 40(%rdi)\n"
        "\tlea 8(%rsp), %rax\n\tmov %rax, 48(%rdi)\n" /* rsp once returned */
        "\tmov (%rsp), %rax\n\tmov %rax, 56(%rdi)\n"  /* the return address */
        "\tmov %rsi, %rax\n\tmov %rdx, %rdi\n\tmov %rcx, %rsi\n"
        "\tsub $8, %rsp\n\tcall *%rax\n\tadd $8, %rsp\n"
        "\txor %eax, %eax\n\tret\n"
        ".size lsan_stw_helper_guarded_enter,.-lsan_stw_helper_guarded_enter\n");

static const int guarded_sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};

/* One guarded call at a time (the leak check is serialized); read by the
 * fault handler. */
static struct {
    struct guard_jmp jb;
    volatile int tid; /* the guarded thread, 0 when none */
    volatile int sig;
    uptr addr, pc;
    struct sys_sigaction saved[LSAN_ARRAY_SIZE(guarded_sigs)];
} guard;

static void on_guarded_fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    if (sys_gettid() != __atomic_load_n(&guard.tid, __ATOMIC_ACQUIRE)) {
        /* another thread's fault (one that escaped a stop): the program's
         * action, which the faulting instruction meets again */
        for (size_t i = 0; i < LSAN_ARRAY_SIZE(guarded_sigs); i++)
            if (guarded_sigs[i] == sig)
                sys_rt_sigaction(sig, &guard.saved[i], 0);
        return;
    }
    guard.sig = sig;
    guard.addr = (uptr)si->si_addr;
    guard.pc = (uptr)uc->uc_mcontext.gregs[REG_RIP];
    __atomic_store_n(&guard.tid, 0, __ATOMIC_RELEASE);
    greg_t *g = uc->uc_mcontext.gregs;
    g[REG_RBX] = (greg_t)guard.jb.rbx;
    g[REG_RBP] = (greg_t)guard.jb.rbp;
    g[REG_R12] = (greg_t)guard.jb.r12;
    g[REG_R13] = (greg_t)guard.jb.r13;
    g[REG_R14] = (greg_t)guard.jb.r14;
    g[REG_R15] = (greg_t)guard.jb.r15;
    g[REG_RSP] = (greg_t)guard.jb.rsp;
    g[REG_RIP] = (greg_t)guard.jb.rip;
    g[REG_RAX] = 1;
}

int lsan_stw_helper_guarded_call(lsan_stw_callback cb, const struct lsan_stw_world *world,
                                 void *arg, char *why, size_t why_len)
{
    /* on an alternate stack when the thread has one (leaksan gives it one),
     * so a scan that overflows its stack is caught too */
    struct sys_sigaction ka = {(void *)on_guarded_fault,
                                  SA_SIGINFO | SA_ONSTACK | SA_RESTORER,
                                  (void *)lsan_stw_helper_restorer, ~0ull};
    guard.sig = 0;
    __atomic_store_n(&guard.tid, (int)sys_gettid(), __ATOMIC_RELEASE);
    for (size_t i = 0; i < LSAN_ARRAY_SIZE(guarded_sigs); i++)
        sys_rt_sigaction(guarded_sigs[i], &ka, &guard.saved[i]);
    int faulted = guarded_enter(&guard.jb, cb, world, arg);
    __atomic_store_n(&guard.tid, 0, __ATOMIC_RELEASE);
    for (size_t i = 0; i < LSAN_ARRAY_SIZE(guarded_sigs); i++)
        sys_rt_sigaction(guarded_sigs[i], &guard.saved[i], 0);
    if (!faulted)
        return 0;
    lsan_fmt_snprintf(why, why_len,
                      "the scan crashed with signal %d (%s) at pc %p, address %p: the program may "
                      "have made memory that leaksan scans unreadable in a way /proc/self/maps does "
                      "not show (a file mapping past the end of its file, a region unmapped while "
                      "the world was stopped)",
                      guard.sig, lsan_stw_helper_signal_name(guard.sig), (void *)guard.pc,
                      (void *)guard.addr);
    return -EFAULT;
}
