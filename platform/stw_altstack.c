/* leaksan's own alternate signal stack for each thread, and the program's
 * view of sigaltstack(). Everything but the interceptor runs in signal
 * handlers or while the world is stopped: raw syscalls and atomics only.
 *
 * Why: the kernel writes a signal frame (3 KiB with AVX-512, 11 KiB with
 * AMX) before any handler runs, on the alternate stack if the action has
 * SA_ONSTACK and the thread has one, else below the interrupted stack
 * pointer. A thread with 2 KiB of stack left, or one whose alternate stack
 * is a legal MINSIGSTKSZ (2 KiB) one, dies when a stop signal lands. No
 * code in the handler can help (the frame is already written), so the frame
 * must go on a stack leaksan owns: the stop signal's action has SA_ONSTACK
 * and each thread's kernel alternate stack is leaksan's (256 KiB, a guard
 * page below, mapped without reserve), except while the program has set
 * one of its own that is big enough for a frame too.
 *
 * The program's alternate stack keeps working for its handlers, and
 * sigaltstack() reports what the program set, never ours:
 * - no alternate stack of the program's: ours is in the kernel, reported as
 *   SS_DISABLE. The program's SA_ONSTACK handlers run on ours (256 KiB)
 *   instead of on the thread's stack;
 * - one of at least ROOM bytes: it is the kernel's, exactly as without
 *   leaksan, and a stop's frame goes on it;
 * - a smaller one: kept here (per thread), reported back, and ours stays in
 *   the kernel, so the program's SA_ONSTACK handlers get a bigger stack than
 *   they asked for rather than one a stop's frame does not fit in.
 * A program that calls the sigaltstack system call directly bypasses this:
 * the kernel then has what it set. */
#include "platform/stw_altstack.h"

#include <errno.h>
#include <sys/mman.h>

#include "platform/base.h"

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1u << 31)
#endif
#define ALT_SIZE (256ul << 10)
#define ALT_MAX (1u << 16)
#define ROOM (32ul << 10)

struct alt {
    volatile int tid; /* 0: free; -1: being set up */
    char *volatile base; /* the mapping: guard page, then the stack */
};

static struct alt *volatile table; /* ALT_MAX entries, mapped on first use */
static volatile u32 used;          /* entries ever claimed: scans stop there */

/* The program's alternate stack while it is not the kernel's (too small). */
static __thread struct {
    stack_t ss;
    bool held;
} prog __attribute__((tls_model("initial-exec")));

static struct alt *get_table(void)
{
    struct alt *t = __atomic_load_n(&table, __ATOMIC_ACQUIRE);
    if (t)
        return t;
    long m = sys_mmap(0, ALT_MAX * sizeof(struct alt), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (sys_is_err(m))
        return NULL;
    struct alt *none = NULL;
    if (!__atomic_compare_exchange_n(&table, &none, (struct alt *)m, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE)) {
        sys_munmap((void *)m, ALT_MAX * sizeof(struct alt));
        return none;
    }
    return (struct alt *)m;
}

/* Is sp the start of one of our stacks? */
static bool is_ours(const void *sp)
{
    struct alt *t = __atomic_load_n(&table, __ATOMIC_ACQUIRE);
    u32 n = __atomic_load_n(&used, __ATOMIC_ACQUIRE);
    for (u32 i = 0; t && i < n; i++) {
        char *b = __atomic_load_n(&t[i].base, __ATOMIC_ACQUIRE);
        if (b && b + LSAN_PAGE == (const char *)sp)
            return true;
    }
    return false;
}

/* A stack for tid: the one an earlier thread with this tid left (it is
 * gone: a tid is not reused while its thread lives), or a new one. */
static char *stack_for(int tid)
{
    struct alt *t = get_table();
    if (!t)
        return NULL;
    u32 n = __atomic_load_n(&used, __ATOMIC_ACQUIRE);
    for (u32 i = 0; i < n; i++)
        if (__atomic_load_n(&t[i].tid, __ATOMIC_ACQUIRE) == tid && t[i].base)
            return t[i].base + LSAN_PAGE;
    for (u32 i = 0; i < ALT_MAX; i++) {
        int free_ = 0;
        if (t[i].tid || !__atomic_compare_exchange_n(&t[i].tid, &free_, -1, false,
                                                     __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
            continue;
        long m = sys_mmap(0, LSAN_PAGE + ALT_SIZE, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
        if (sys_is_err(m)) {
            __atomic_store_n(&t[i].tid, 0, __ATOMIC_RELEASE);
            return NULL;
        }
        sys_mprotect((void *)m, LSAN_PAGE, PROT_NONE);
        for (u32 u = __atomic_load_n(&used, __ATOMIC_ACQUIRE);
             u <= i && !__atomic_compare_exchange_n(&used, &u, i + 1, false, __ATOMIC_ACQ_REL,
                                                    __ATOMIC_ACQUIRE);)
            ;
        __atomic_store_n(&t[i].base, (char *)m, __ATOMIC_RELEASE);
        __atomic_store_n(&t[i].tid, tid, __ATOMIC_RELEASE);
        return (char *)m + LSAN_PAGE;
    }
    return NULL;
}

static bool kernel_has_one(stack_t *cur)
{
    return SYS2(SYS_sigaltstack, 0, cur) == 0 && !(cur->ss_flags & SS_DISABLE);
}

static long set_kernel(void *sp, size_t size, int flags)
{
    stack_t ss;
    ss.ss_sp = sp;
    ss.ss_size = size;
    ss.ss_flags = flags;
    return SYS2(SYS_sigaltstack, &ss, 0);
}

static long give_ours(void)
{
    char *sp = stack_for((int)sys_gettid());
    return sp ? set_kernel(sp, ALT_SIZE, 0) : -ENOMEM;
}

void lsan_stw_altstack_ensure_async(void)
{
    stack_t cur;
    if (!kernel_has_one(&cur))
        give_ours();
}

void lsan_stw_altstack_ensure_on_return_async(stack_t *saved)
{
    if (!(saved->ss_flags & SS_DISABLE))
        return;
    char *sp = stack_for((int)sys_gettid());
    if (!sp)
        return;
    saved->ss_sp = sp;
    saved->ss_size = ALT_SIZE;
    saved->ss_flags = 0;
}

/* The program sets its alternate stack to *want while the kernel has *cur:
 * 0 or -errno, as the kernel would answer without leaksan. */
static long set_program(const stack_t *want, const stack_t *cur)
{
    bool ours_now = !(cur->ss_flags & SS_DISABLE) && is_ours(cur->ss_sp);
    long e;
    if (want->ss_flags & ~(SS_DISABLE | SS_AUTODISARM))
        return -EINVAL;
    if (want->ss_flags & SS_DISABLE) {
        /* ours back in the kernel; refused while the thread runs on the
         * program's stack, as without leaksan */
        e = ours_now ? 0 : give_ours();
        if (e == -ENOMEM)
            e = set_kernel(0, 0, SS_DISABLE);
        if (e == 0)
            prog.held = false;
        return e;
    }
    if (want->ss_size < 2048 /* the kernel's MINSIGSTKSZ */)
        return -ENOMEM;
    if (want->ss_size >= ROOM) {
        e = set_kernel(want->ss_sp, want->ss_size, want->ss_flags);
        if (e == 0)
            prog.held = false;
        if (!(e == -EPERM && ours_now))
            return e;
        /* refused because a handler of the program's runs on our stack now,
         * where it would run on no alternate stack without leaksan: kept as
         * the program's view until it sets another */
    } else if (!ours_now) {
        e = give_ours();
        if (e == -ENOMEM) { /* no stack of ours: the program's, as it is */
            e = set_kernel(want->ss_sp, want->ss_size, want->ss_flags);
            if (e == 0)
                prog.held = false;
            return e;
        }
        if (e)
            return e;
    }
    prog.ss = *want;
    prog.ss.ss_flags = 0;
    prog.held = true;
    return 0;
}

int lsan_stw_altstack_intercept(const stack_t *ss, stack_t *old, int *ret)
{
    stack_t cur, want;
    if (ss)
        want = *ss; /* ss and old may be the same struct */
    long e = SYS2(SYS_sigaltstack, 0, &cur);
    if (e == 0 && old) {
        if (prog.held)
            *old = prog.ss;
        else if (!(cur.ss_flags & SS_DISABLE) && is_ours(cur.ss_sp))
            *old = (stack_t){.ss_sp = 0, .ss_flags = SS_DISABLE, .ss_size = 0};
        else
            *old = cur;
    }
    if (e == 0 && ss)
        e = set_program(&want, &cur);
    *ret = (int)e; /* the interceptor sets errno: platform/ never writes it */
    return 1;
}

/* With every signal blocked: a stop landing between taking ours out of
 * the kernel and unmapping it would find it by tid and put it back through
 * its frame's uc_stack, and the kernel would be left pointing at freed
 * memory. */
void lsan_stw_altstack_release_async(void)
{
    u64 all = ~0ull, saved;
    sys_rt_sigprocmask(SIG_SETMASK, &all, &saved);
    stack_t cur;
    bool kernel = kernel_has_one(&cur);
    /* ours in the kernel: out of it first; refused (EPERM) while running on
     * it, and then a later stop reclaims it */
    if (kernel && is_ours(cur.ss_sp) && set_kernel(0, 0, SS_DISABLE) != 0)
        goto out;
    /* ours, whether it was in the kernel or set aside for a big enough one
     * of the program's: this thread is not running on it */
    int tid = (int)sys_gettid();
    struct alt *t = __atomic_load_n(&table, __ATOMIC_ACQUIRE);
    u32 n = __atomic_load_n(&used, __ATOMIC_ACQUIRE);
    for (u32 i = 0; t && i < n; i++) {
        char *b = __atomic_load_n(&t[i].base, __ATOMIC_ACQUIRE);
        if (!b || __atomic_load_n(&t[i].tid, __ATOMIC_ACQUIRE) != tid)
            continue;
        __atomic_store_n(&t[i].base, (char *)0, __ATOMIC_RELEASE);
        sys_munmap(b, LSAN_PAGE + ALT_SIZE);
        __atomic_store_n(&t[i].tid, 0, __ATOMIC_RELEASE);
        break;
    }
out:
    sys_rt_sigprocmask(SIG_SETMASK, &saved, 0);
}

void lsan_stw_altstack_reclaim_stopped(int self, int (*live)(int tid, void *arg), void *arg)
{
    struct alt *t = __atomic_load_n(&table, __ATOMIC_ACQUIRE);
    u32 n = __atomic_load_n(&used, __ATOMIC_ACQUIRE);
    for (u32 i = 0; t && i < n; i++) {
        int tid = __atomic_load_n(&t[i].tid, __ATOMIC_ACQUIRE);
        if (tid <= 0 || tid == self || live(tid, arg))
            continue;
        sys_munmap(t[i].base, LSAN_PAGE + ALT_SIZE);
        __atomic_store_n(&t[i].base, (char *)0, __ATOMIC_RELEASE);
        __atomic_store_n(&t[i].tid, 0, __ATOMIC_RELEASE);
    }
}

void lsan_stw_altstack_after_fork_child(void)
{
    stack_t cur;
    struct alt *t = __atomic_load_n(&table, __ATOMIC_ACQUIRE);
    if (!t || !kernel_has_one(&cur))
        return;
    for (u32 i = 0; i < used; i++)
        if (t[i].base && t[i].base + LSAN_PAGE == (char *)cur.ss_sp)
            t[i].tid = (int)sys_gettid();
}
