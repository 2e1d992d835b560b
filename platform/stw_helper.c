/* What the stop-the-world backends share (see stw_helper.h): the raw clone
 * of the ptrace tracer, a signal return trampoline, and the guarded call of
 * the signal backend's callback. The fault handler follows the
 * stopped-world rules: no libc, no locks, no TLS, no errno. */
#include "platform/stw_helper.h"

#include <errno.h>
#include <signal.h>
#include <ucontext.h>

#include "platform/base.h"
#include "platform/fmt.h"

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

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
    struct kernel_sigaction saved[LSAN_ARRAY_SIZE(guarded_sigs)];
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
    struct kernel_sigaction ka = {(void *)on_guarded_fault,
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
    lsan_snprintf(why, why_len,
                  "the scan crashed with signal %d (%s) at pc %p, address %p: the program may "
                  "have made memory that leaksan scans unreadable in a way /proc/self/maps does "
                  "not show (a file mapping past the end of its file, a region unmapped while "
                  "the world was stopped)",
                  guard.sig, lsan_stw_helper_signal_name(guard.sig), (void *)guard.pc,
                  (void *)guard.addr);
    return -EFAULT;
}
