/* The ptrace-free stop-the-world backend: every other thread is sent a
 * signal with rt_tgsigqueueinfo; its handler publishes its registers from the
 * ucontext, acknowledges, and waits on a futex until the scan is over; the
 * scan survives a fault (stw_helper.c). The handler only touches
 * atomics, raw syscalls and its own slot: no libc, no locks, no errno. Every
 * wait has a deadline. Which signals, and the program's actions for them:
 * stw_signal_action.c; the stacks the handler runs on: stw_altstack.c. */
#include <cpuid.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "platform/stw_signal.h"

#include "platform/base.h"
#include "platform/fmt.h"
#include "platform/mem.h"
#include "platform/stw.h"
#include "platform/stw_altstack.h"
#include "platform/stw_helper.h"
#include "platform/stw_signal_action.h"
#include "platform/task.h"
#include "platform/tidset.h"
#include "platform/tls.h"

#define MAGIC 0x4c53414eu /* "LSAN": si_value of our own signals */
#define REGS_MAX 4096
#define MAX_THREADS (1u << 16)
#define SEEN_SIZE (2 * MAX_THREADS)
#define BLOCKED_PROBE_NS 100000000ull  /* how often SigBlk of a silent thread is read */
#define BLOCKED_GRACE_NS 1000000000ull /* blocked this long: it will not answer */
#define EXITING_CONFIRM_NS 10000000ull /* an exiting thread blocking all: look again after */

enum { SLOT_FREE, SLOT_SENT, SLOT_CLAIMED, SLOT_STOPPED, SLOT_RESUMED, SLOT_ESCAPED };

/* A slot's word: the stop it belongs to (its generation) and its state. A
 * handler only ever moves a slot from the state it expects in its own
 * generation, with a compare-and-swap, so a handler that runs late can never
 * write to a slot a later stop has handed to another thread. */
struct slot {
    volatile u64 word;
    int tid;
    int sig; /* the signal it was sent */
    uptr sp, tp;
    u32 regs_size;
    u32 pad;
    char regs[REGS_MAX];
};

static struct {
    /* The one word that says which stop is on (Boehm's GC_stop_count with its
     * restart bit): odd while a stop is in progress, even while the world
     * runs; +1 at each start and each end. A handler reads it once, at its
     * entry, and serves only that stop: it waits (a futex on this word) only
     * while the word still holds the value it read, so a handler that comes
     * late, after its stop gave up, finds the word changed and goes back to
     * work at once. Two words read at different times (a "stopping" flag and
     * an epoch) would let it read "stopping" of one stop and the epoch after
     * it, and wait for a stop that never ends. */
    volatile u32 gen;
    volatile int acks;          /* futex: incremented by each handler */
    uint64_t deadline_ns;       /* how long a stopped thread waits before escaping */
    struct slot *slots;
    volatile u32 base;          /* first slot of the current stop */
    u32 next_base;              /* where the next stop starts (past abandoned slots) */
    u64 *seen;                  /* a tidset of SEEN_SIZE slots, epoch gen */
    volatile u32 n_run;         /* slots in use by the current stop, from base */
    struct lsan_stw_thread *threads;
} st __attribute__((section("lsan_state"))); /* not a root: see leak.c */

/* Every signal but those a fault raises synchronously: what a stopped thread
 * blocks (set by install(), read by the handler). */
static sigset_t stopped_mask;

static void fill_blockable(sigset_t *set)
{
    /* sigfillset's result by hand (this file is built freestanding): every
     * signal but glibc's internal SIGCANCEL (32) and SIGSETXID (33) */
    lsan_mem_set(set, 0xff, sizeof(*set));
    set->__val[0] &= ~(1ul << (32 - 1) | 1ul << (33 - 1) | 1ul << (SIGSEGV - 1) |
                       1ul << (SIGBUS - 1) | 1ul << (SIGILL - 1) | 1ul << (SIGFPE - 1) |
                       1ul << (SIGTRAP - 1));
}

static void copy_bytes(char *d, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = s[i];
}

/* Where each XSAVE state component lies in the standard (uncompacted)
 * layout the kernel uses in signal frames: from CPUID leaf 0xD, filled by
 * install(). Components 0 and 1 (x87, SSE) live in the FXSAVE area. */
static struct {
    u32 off, size;
} xcomp[64] = {{32, 128}, {160, 256}};

/* Once: CPUID may trap to the hypervisor, at tens of microseconds each. */
static void read_xsave_layout(void)
{
    static bool done;
    unsigned features, a, b, c, d;
    if (done || !__get_cpuid_count(0xd, 0, &features, &b, &c, &d))
        return;
    /* only the components this CPU can save (XCR0's low bits, leaf 0xD.0) */
    for (unsigned i = 2; i < 32; i++)
        if ((features >> i) & 1 && __get_cpuid_count(0xd, i, &a, &b, &c, &d) && a)
            xcomp[i].off = b, xcomp[i].size = a;
    done = true;
}

/* Copies the XSAVE area the kernel wrote for a signal frame (size bytes at
 * src) to dst: only what XSAVE wrote. It skips a component that is in its
 * initial state, and the reserved bytes of the FXSAVE area and the holes
 * between components; there the stack keeps what it held before (old
 * frames, old pointers), so those bytes are copied as zeros, as ptrace
 * reports them. */
static void copy_xsave(char *dst, const char *src, size_t size)
{
    for (size_t k = 0; k < size; k++)
        dst[k] = 0;
    copy_bytes(dst, src, 32);              /* x87 and SSE control words */
    copy_bytes(dst + 512, src + 512, 64);  /* XSAVE header */
    u64 present = *(const u64 *)(src + 512); /* its XSTATE_BV */
    for (unsigned i = 0; i < 64; i++) {
        if (!((present >> i) & 1) || !xcomp[i].size || xcomp[i].off + xcomp[i].size > size)
            continue;
        copy_bytes(dst + xcomp[i].off, src + xcomp[i].off, xcomp[i].size);
    }
}

static u64 slot_word(u32 gen, u32 state) { return (u64)gen << 32 | state; }
static u32 slot_state(u64 word) { return (u32)word; }

/* Moves s from state `from` to `to` in stop gen; false if s is not in that
 * state of that stop (a later stop took it over, or the controller did). */
static bool slot_move(struct slot *s, u32 gen, u32 from, u32 to)
{
    u64 want = slot_word(gen, from);
    return __atomic_compare_exchange_n(&s->word, &want, slot_word(gen, to), false,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* si_value of a stop signal: MAGIC, then 16 bits of the stop, 16 of the slot
 * (an index from the stop's base). */
static void *stop_value(u32 gen, u32 idx)
{
    return (void *)((uptr)MAGIC << 32 | (gen & 0xffff) << 16 | idx);
}

/* The calling thread's slot in stop gen, claimed (SENT -> CLAIMED), if it
 * was sent sig; or NULL. A signal left pending by an earlier stop that gave
 * up on this thread carries an old stop; a standard signal (SIGURG) then
 * stands for this stop's too, which the kernel merged into it, so the slot
 * is looked up by tid. */
static struct slot *claim_own_slot(uptr value, u32 gen, int sig)
{
    int tid = (int)sys_gettid();
    struct slot *tab = st.slots + __atomic_load_n(&st.base, __ATOMIC_ACQUIRE);
    u32 n = __atomic_load_n(&st.n_run, __ATOMIC_ACQUIRE), idx = (u32)value & 0xffff;
    struct slot *s = NULL;
    if (((value >> 16) & 0xffff) == (gen & 0xffff) && idx < n && tab[idx].tid == tid)
        s = &tab[idx];
    for (u32 i = 0; !s && i < n; i++)
        if (tab[i].tid == tid)
            s = &tab[i];
    return s && s->sig == sig && slot_move(s, gen, SLOT_SENT, SLOT_CLAIMED) ? s : NULL;
}

/* Stops the calling thread for stop gen if it was sent sig and has not
 * answered yet: publishes its registers and waits until the stop is over.
 * Returns with the signal mask the thread had at entry. */
static void serve_stop(int sig, uptr value, u32 gen, ucontext_t *uc)
{
    /* stopped: no other handler may run on this thread until it resumes */
    sigset_t saved;
    SYS4(SYS_rt_sigprocmask, SIG_BLOCK, &stopped_mask, &saved, 8);
    struct slot *s = claim_own_slot(value, gen, sig);
    if (!s) {
        SYS4(SYS_rt_sigprocmask, SIG_SETMASK, &saved, 0, 8);
        return;
    }
    size_t n = sizeof(uc->uc_mcontext.gregs);
    copy_bytes(s->regs, (const char *)uc->uc_mcontext.gregs, n);
    if (uc->uc_mcontext.fpregs) {
        /* FXSAVE area, then the XSAVE extension when the kernel saved one:
         * the kernel's struct _fpx_sw_bytes, in the FXSAVE area's unused
         * bytes 464-511, is u32 magic1, u32 extended_size, u64 xfeatures,
         * u32 xstate_size: xstate_size is 32-bit word 4 */
        size_t fp = 512;
        const u32 *sw = (const u32 *)((const char *)uc->uc_mcontext.fpregs + 464);
        if (sw[0] == 0x46505853u /* FP_XSTATE_MAGIC1 */ && sw[4] > fp)
            fp = sw[4];
        if (n + fp > REGS_MAX)
            fp = REGS_MAX - n;
        if (fp >= 512 + 64)
            copy_xsave(s->regs + n, (const char *)uc->uc_mcontext.fpregs, fp);
        else
            copy_bytes(s->regs + n, (const char *)uc->uc_mcontext.fpregs, fp);
        n += fp;
    }
    s->regs_size = (u32)n;
    s->sp = (uptr)uc->uc_mcontext.gregs[REG_RSP];
    s->tp = lsan_tls_thread_pointer();
    if (slot_move(s, gen, SLOT_CLAIMED, SLOT_STOPPED)) {
        __atomic_fetch_add(&st.acks, 1, __ATOMIC_RELEASE);
        sys_futex(&st.acks, FUTEX_WAKE, 1, 0);
        uint64_t end = sys_now_ns() + st.deadline_ns;
        u32 next = SLOT_RESUMED;
        while (__atomic_load_n(&st.gen, __ATOMIC_ACQUIRE) == gen) {
            uint64_t now = sys_now_ns();
            if (now >= end) {
                next = SLOT_ESCAPED; /* the scanner will refuse to trust its result */
                break;
            }
            struct sys_timespec ts = sys_timespec_ns(end - now);
            sys_futex((volatile int *)&st.gen, FUTEX_WAIT, (int)gen, &ts);
        }
        slot_move(s, gen, SLOT_STOPPED, next);
    }
    /* a thread that has no alternate stack yet gets leaksan's for the next
     * stops, set by the kernel when this handler returns */
    lsan_stw_altstack_ensure_on_return_async(&uc->uc_stack);
    SYS4(SYS_rt_sigprocmask, SIG_SETMASK, &saved, 0, 8);
}

void lsan_stw_signal_handler_async(int sig, siginfo_t *info, void *uctx)
{
    /* read once, first: the one stop this handler may serve */
    u32 gen = __atomic_load_n(&st.gen, __ATOMIC_ACQUIRE);
    uptr value = info ? (uptr)info->si_value.sival_ptr : 0;
    if (!info || info->si_code != SI_QUEUE || info->si_pid != sys_getpid() || value >> 32 != MAGIC) {
        /* The program's. A standard signal does not queue: if this thread
         * was sent the same signal for the stop that is on, the kernel may
         * have merged the stop into this one, so it stops here first; its
         * own stop signal, if it comes after all, finds the stop over. */
        if ((gen & 1) && sig < 32)
            serve_stop(sig, 0, gen, uctx);
        lsan_stw_signal_action_program_async(sig, info, uctx);
        return;
    }
    /* one of our stop signals; left over from a stop that is over: dropped */
    if (gen & 1)
        serve_stop(sig, value, gen, uctx);
}

/* glibc's fork waits for a check to end (leaksan's fork handler takes the
 * locks the check holds), but a raw fork system call does not: a child
 * forked in the middle of a stop must not inherit it as in progress, or
 * the odd and even values of gen would swap meaning for good. */
static void after_fork_child(void)
{
    if (st.gen & 1)
        st.gen++;
    lsan_stw_altstack_after_fork_child();
    lsan_stw_signal_action_after_fork_child();
}

static int probe(char *why, size_t len)
{
    (void)why;
    (void)len;
    return 0;
}

/* The slot table is mapped once for MAX_THREADS and never moves: a stopped
 * thread keeps writing to its slot until it has left the handler. Only the
 * pages in use are ever touched. */
static bool ensure_slots(u32 n)
{
    if (st.base + n > MAX_THREADS)
        return false;
    if (st.slots)
        return true;
    size_t slots = (size_t)MAX_THREADS * sizeof(struct slot);
    size_t threads = (size_t)MAX_THREADS * sizeof(struct lsan_stw_thread);
    long s = sys_mmap(0, slots, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                      -1, 0);
    long t = sys_mmap(0, threads, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    long k = sys_mmap(0, SEEN_SIZE * sizeof(u64), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (sys_is_err(s) || sys_is_err(t) || sys_is_err(k)) {
        if (!sys_is_err(s))
            sys_munmap((void *)s, slots);
        if (!sys_is_err(t))
            sys_munmap((void *)t, threads);
        if (!sys_is_err(k))
            sys_munmap((void *)k, SEEN_SIZE * sizeof(u64));
        return false;
    }
    st.seen = (u64 *)k;
    st.threads = (struct lsan_stw_thread *)t;
    __atomic_store_n(&st.slots, (struct slot *)s, __ATOMIC_RELEASE);
    return true;
}

/* The signals thread tid blocks (SigBlk of its status), bit N-1 for signal N. */
static u64 task_blocked(int tid)
{
    u64 m = 0;
    lsan_task_status_number(tid, "SigBlk:", 16, &m);
    return m;
}

static bool blocks(u64 blocked, int sig) { return (blocked >> (sig - 1)) & 1; }

/* Is tid inside sigwaitinfo/sigtimedwait? The kernel unblocks the signals
 * such a call waits for while it waits, so SigBlk does not show them: the
 * system call number in /proc/self/task/TID/syscall does. */
static bool in_sigwait(int tid)
{
    char path[64], buf[32];
    lsan_fmt_snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", tid);
    int fd = (int)sys_openat(-100, path, 02000000, 0);
    if (fd < 0)
        return false;
    long n = sys_read(fd, buf, sizeof(buf) - 1);
    sys_close(fd);
    if (n <= 0)
        return false;
    buf[n] = 0;
    long nr = 0;
    for (const char *p = buf; *p >= '0' && *p <= '9'; p++)
        nr = nr * 10 + (*p - '0');
    return buf[0] >= '0' && buf[0] <= '9' && nr == SYS_rt_sigtimedwait;
}

/* The signal that stops tid: the real-time one rt (0: none) unless tid
 * blocks it or waits for signals, in which case it might take the stop as
 * its own signal; then the main one. */
static int signal_for(int tid, int rt, int main_sig)
{
    if (!rt || blocks(task_blocked(tid), rt) || in_sigwait(tid))
        return main_sig;
    return rt;
}

/* Is tid, which blocks the signals in `blocked`, a thread of ours in glibc's
 * exit path, past the point where it blocks every signal for good (it then
 * frees its TLS, and may wait for the allocator lock the check holds)? Its
 * user code is over: no roots of its own. (glibc leaves its internal
 * SIGSETXID open: only signals 1-31 are tested.) */
static bool exiting_for_good(int tid, u64 blocked)
{
    const u64 classic = 0x7fffffffull & ~(1ull << (SIGKILL - 1) | 1ull << (SIGSTOP - 1));
    bool (*exiting)(int) = lsan_stw_configuration()->thread_exiting_locked;
    return (blocked & classic) == classic && exiting && exiting(tid);
}

/* The tids listed in this stop. */
static struct lsan_tidset seen_set(void)
{
    struct lsan_tidset t = {st.seen, SEEN_SIZE - 1, st.gen};
    return t;
}

/* Was tid listed in this stop? */
static int seen_in_stop(int tid, void *arg)
{
    (void)arg;
    struct lsan_tidset t = seen_set();
    return lsan_tidset_has(&t, tid);
}

struct listing {
    struct slot *tab;
    u32 *n;
    int self, added;
};

/* Appends tid to the current stop's slots unless it is listed already;
 * 1 without memory for it. */
static int list_one(int tid, void *arg)
{
    struct listing *l = arg;
    struct lsan_tidset seen = seen_set();
    if (tid == l->self || !lsan_tidset_add(&seen, tid))
        return 0;
    if (!ensure_slots(*l->n + 1))
        return 1;
    struct slot *s = &l->tab[*l->n];
    s->tid = tid;
    s->regs_size = 0;
    __atomic_store_n(&s->word, slot_word(st.gen, SLOT_FREE), __ATOMIC_RELEASE);
    (*l->n)++;
    l->added++;
    return 0;
}

/* Appends to the current stop's slots (tab) every task not in them yet;
 * returns how many were added, or -errno. */
static int list_new_tasks(struct slot *tab, u32 *n, int self)
{
    struct listing l = {tab, n, self, 0};
    int r = lsan_task_each(0, list_one, &l);
    return r > 0 ? -12 /* ENOMEM */ : r < 0 ? r : l.added;
}

/* Is a debugger or tracer attached (TracerPid in /proc/self/status)? */
static bool traced(void)
{
    u64 pid = 0;
    lsan_task_status_number((int)sys_getpid(), "TracerPid:", 10, &pid);
    return pid != 0;
}

/* Before a stop: our handler owns the stop signals. Returns the real-time
 * one to use for threads that do not block it, 0 for none, or -errno. */
static int install(char *why, size_t len)
{
    fill_blockable(&stopped_mask);
    read_xsave_layout();
    lsan_stw_altstack_ensure_async();
    return lsan_stw_signal_action_install(traced(), why, len);
}

static long send(int tid, u32 idx, int sig)
{
    siginfo_t si;
    lsan_mem_set(&si, 0, sizeof(si));
    si.si_signo = sig;
    si.si_code = SI_QUEUE;
    si.si_pid = (int)sys_getpid();
    si.si_uid = 0;
    si.si_value.sival_ptr = stop_value(st.gen, idx);
    return SYS4(SYS_rt_tgsigqueueinfo, sys_getpid(), tid, sig, &si);
}

/* Ends the stop: releases every stopped thread and waits (bounded) until
 * they have left their slots. Returns the number of threads that escaped on
 * their own. After a failed stop, a thread that was sent the signal but did
 * not answer may still come into its slot late: the next stop uses slots
 * past these. */
static int resume_all(struct slot *tab, u32 n, bool failed)
{
    u32 gen = st.gen;
    __atomic_store_n(&st.gen, gen + 1, __ATOMIC_RELEASE);
    sys_futex((volatile int *)&st.gen, FUTEX_WAKE, 0x7fffffff, 0);
    int escaped = 0;
    uint64_t end = sys_now_ns() + lsan_stw_timeout_ns();
    for (u32 i = 0; i < n; i++) {
        struct slot *s = &tab[i];
        while (slot_state(__atomic_load_n(&s->word, __ATOMIC_ACQUIRE)) == SLOT_STOPPED &&
               sys_now_ns() < end)
            sys_sched_yield();
        u32 state = slot_state(s->word);
        escaped += state == SLOT_ESCAPED;
        failed |= state == SLOT_SENT || state == SLOT_CLAIMED || state == SLOT_STOPPED;
    }
    /* the slots are mapped for MAX_THREADS; wrap when half of them are behind */
    st.next_base = failed ? st.base + n : st.base;
    if (st.next_base > MAX_THREADS / 2)
        st.next_base = 0;
    return escaped;
}

static int run(lsan_stw_callback cb, void *arg, char *why, size_t len)
{
    int rt = install(why, len), main_sig = lsan_stw_signal_action_number(), r;
    if (rt < 0)
        return rt;
    int self = (int)sys_gettid(), pid = (int)sys_getpid();
    uint64_t timeout = lsan_stw_timeout_ns();
    /* a stopped thread waits out the rest of the stop and the whole scan */
    st.deadline_ns = timeout + lsan_stw_callback_limit_ns();
    st.acks = 0;
    if (!ensure_slots(1)) {
        lsan_fmt_snprintf(why, len, "out of memory for the thread table");
        return -12;
    }
    st.n_run = 0;
    __atomic_store_n(&st.base, st.next_base, __ATOMIC_RELEASE);
    /* odd: the stop is on (and the set of listed tasks is empty) */
    u32 gen = __atomic_add_fetch(&st.gen, 1, __ATOMIC_ACQ_REL);
    struct slot *tab = st.slots + st.base;
    u32 n = 0, sent = 0;
    uint64_t end = sys_now_ns() + timeout;
    for (;;) {
        int added = list_new_tasks(tab, &n, self);
        if (added < 0) {
            lsan_fmt_snprintf(why, len, "cannot list /proc/self/task (errno %d)", -added);
            resume_all(tab, n, true);
            return added;
        }
        if (!added && sent == n)
            break;
        __atomic_store_n(&st.n_run, n, __ATOMIC_RELEASE);
        for (; sent < n; sent++) {
            struct slot *s = &tab[sent];
            s->sig = signal_for(s->tid, rt, main_sig);
            __atomic_store_n(&s->word, slot_word(gen, SLOT_SENT), __ATOMIC_RELEASE);
            long e = send(s->tid, sent, s->sig);
            if (e)
                slot_move(s, gen, SLOT_SENT, SLOT_FREE);
            if (e && e != -3 /* ESRCH: it exited */) {
                lsan_fmt_snprintf(why, len, "cannot signal thread %d (errno %ld)", s->tid, -e);
                resume_all(tab, n, true);
                return (int)e;
            }
        }
        /* wait until every signalled thread has stopped, or has exited */
        for (u32 i = 0; i < n; i++) {
            struct slot *s = &tab[i];
            /* glibc blocks signals for microseconds (thread creation, fork);
             * blocked for a whole second means blocked for good (a sigwait
             * thread, say): no point waiting for the full timeout */
            uint64_t blocked_since = 0, next_probe = 0;
            bool exiting = false;
            for (;;) {
                u32 state = slot_state(__atomic_load_n(&s->word, __ATOMIC_ACQUIRE));
                if (state != SLOT_SENT && state != SLOT_CLAIMED)
                    break;
                int acks = st.acks;
                /* it exited before answering */
                if (lsan_task_gone(lsan_task_state_stopped(pid, s->tid)) &&
                    slot_move(s, gen, SLOT_SENT, SLOT_FREE))
                    break;
                uint64_t now = sys_now_ns();
                bool blocked_for_good = false;
                if (now >= next_probe) {
                    next_probe = now + BLOCKED_PROBE_NS;
                    /* seen twice, 10 ms apart: a thread-local destructor that
                     * blocks every signal for a moment is not skipped */
                    u64 blocked = task_blocked(s->tid);
                    bool was_exiting = exiting;
                    exiting = exiting_for_good(s->tid, blocked);
                    /* it will never answer, and needs no scan */
                    if (exiting && was_exiting && slot_move(s, gen, SLOT_SENT, SLOT_FREE))
                        break;
                    if (exiting)
                        next_probe = now + EXITING_CONFIRM_NS;
                    if (!blocks(blocked, s->sig))
                        blocked_since = 0;
                    else if (!blocked_since)
                        blocked_since = now;
                    else
                        blocked_for_good = now - blocked_since >= BLOCKED_GRACE_NS;
                }
                if (now >= end || blocked_for_good) {
                    char name[32];
                    lsan_task_status_field(s->tid, "Name:", name, sizeof(name));
                    if (blocks(task_blocked(s->tid), s->sig))
                        lsan_fmt_snprintf(why, len,
                                          "thread %d (%s) blocks signal %d, so it cannot be stopped "
                                          "without ptrace; unblock it or use stop_the_world=ptrace",
                                          s->tid, name, s->sig);
                    else
                        lsan_fmt_snprintf(why, len,
                                          "thread %d (%s) did not answer signal %d within %lu ms",
                                          s->tid, name, s->sig, (unsigned long)(timeout / 1000000));
                    resume_all(tab, n, true);
                    return -62; /* ETIME */
                }
                struct sys_timespec ts = sys_timespec_ns(2000000);
                sys_futex(&st.acks, FUTEX_WAIT, acks, &ts);
            }
        }
    }
    /* the world: every stopped thread, then the caller itself */
    size_t m = 0, by_rt = 0;
    for (u32 i = 0; i < n; i++) {
        struct slot *s = &tab[i];
        if (slot_state(s->word) != SLOT_STOPPED)
            continue;
        by_rt += s->sig == rt;
        struct lsan_stw_thread *t = &st.threads[m++];
        t->tid = s->tid;
        t->status = LSAN_STW_STOPPED;
        t->sp = s->sp;
        t->tp = s->tp;
        t->regs = s->regs;
        t->regs_size = s->regs_size;
    }
    if (!ensure_slots(n + 1)) {
        resume_all(tab, n, false);
        lsan_fmt_snprintf(why, len, "out of memory for the thread table");
        return -12;
    }
    uptr here;
    __asm__ volatile("mov %%rsp, %0" : "=r"(here));
    struct lsan_stw_thread *me = &st.threads[m++];
    me->tid = self;
    me->status = LSAN_STW_STOPPED;
    me->sp = here;
    me->tp = lsan_tls_thread_pointer();
    me->regs = NULL;
    me->regs_size = 0;
    struct lsan_stw_world w = {st.threads, m, lsan_stw_signal.name};
    /* a fault in the scan (the program made memory it reads unreadable) is
     * reported, and every thread resumed, instead of killing the program */
    char guard_why[256];
    r = lsan_stw_helper_guarded_call(cb, &w, arg, guard_why, sizeof(guard_why));
    /* every live thread was listed: the alternate stacks of the others go */
    lsan_stw_altstack_reclaim_stopped(self, seen_in_stop, NULL);
    int escaped = resume_all(tab, n, false);
    if (r) {
        lsan_fmt_snprintf(why, len, "%s", guard_why);
        return r;
    }
    if (escaped) {
        lsan_fmt_snprintf(why, len,
                          "%d thread(s) stopped waiting for the scan to finish after %lu ms; the "
                          "result cannot be trusted",
                          escaped, (unsigned long)(st.deadline_ns / 1000000));
        return -62;
    }
    if (m > 1 && by_rt && by_rt < m - 1)
        lsan_fmt_snprintf(why, len, "%zu thread(s) stopped: %zu with signal %d, %zu with signal %d",
                          m - 1, by_rt, rt, m - 1 - by_rt, main_sig);
    else if (m > 1)
        lsan_fmt_snprintf(why, len, "%zu thread(s) stopped with signal %d", m - 1,
                          by_rt ? rt : main_sig);
    else
        lsan_fmt_snprintf(why, len, "no other thread: no signal sent");
    return 0;
}

const struct lsan_stw_ops lsan_stw_signal = {
    .name = "signal",
    .probe = probe,
    .run = run,
    .validate = lsan_stw_signal_action_validate,
    .after_fork_child = after_fork_child,
    .stops_with_signals = true,
};
