/* The signal backend's stop signals and the program's actions for them
 * (stw_signal_action.h). The readers run in signal handlers: atomics, raw
 * syscalls and a seqlock; the writers take a bounded spin lock. */
#include "platform/stw_signal_action.h"

#include "platform/base.h"
#include "platform/check.h"
#include "platform/fmt.h"
#include "platform/mem.h"
#include "platform/stw.h"
#include "platform/stw_altstack.h"
#include "platform/stw_signal.h"

/* A signal our handler owns from the first stop that needs it on. */
struct own {
    volatile int sig;           /* 0 until chosen */
    volatile int installed;     /* our handler is its action */
    /* The program's own action for the signal, as sigaction() would report it
     * without leaksan. A seqlock: handlers read it while a thread may set it. */
    struct sigaction user;
    volatile unsigned user_seq; /* odd while being written */
};

/* Which signals stop threads. stop_the_world_signal=N: N, always. By
 * default SIGURG (gdb passes it silently, and it is ignored by default),
 * unless the program handles SIGURG itself: a program that sends its
 * threads SIGURGs (Go-style preemption, event-loop wake-ups) would have them
 * merge with the stop signal, because the kernel keeps at most one pending
 * standard signal per thread: the merged stop is lost (the check stalls
 * until its timeout) or the program's SIGURG is (its handler never runs).
 * Sending SIGURG with rt_tgsigqueueinfo and a payload does not help: the
 * payload of a merged signal is dropped with it. A real-time signal queues,
 * so such a program's threads are stopped with one (the highest the program
 * leaves at SIG_DFL, owned from then on). But a real-time signal at SIG_DFL
 * may still be the program's: a thread that blocks it may take it with
 * sigwaitinfo() or a signalfd, and would swallow a stop as its own signal
 * (why acb4986 was reverted). So stw_signal.c reads each thread's blocked
 * set, and whether it sits in sigwaitinfo() (the kernel unblocks the signals
 * it waits for meanwhile), before it sends it the real-time signal: such a
 * thread gets SIGURG, as before. Under a debugger (TracerPid set), SIGURG too: gdb stops the
 * program at every real-time signal by default. */
enum { OWN_MAIN, OWN_RT, OWN_MAX };

static struct {
    struct own own[OWN_MAX];
    volatile int user_writer; /* 1 while a thread writes an action (or installs) */
} sa_state __attribute__((section("lsan_state"))); /* not a root: see leak.c */

static void copy_bytes(char *d, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = s[i];
}

/* The configured stop_the_world_signal; 0 for the default. */
static int flag_signal(void) { return lsan_stw_configuration()->signal; }

/* libc's sigaction, as the configuration hands it. */
static int real_sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    return lsan_stw_configuration()->real_sigaction(sig, act, old);
}

int lsan_stw_signal_action_number(void)
{
    struct own *o = &sa_state.own[OWN_MAIN];
    if (!o->sig) {
        int sig = flag_signal() > 0 ? flag_signal() : SIGURG;
        /* before the configuration (sigaction() from inside the flag parse,
         * through __lsan_default_options) the flags are not known yet:
         * answer, but do not keep the answer */
        if (!lsan_stw_configured())
            return sig;
        o->sig = sig;
    }
    return o->sig;
}

/* The owned signal sig, or NULL. */
static struct own *own_of(int sig)
{
    for (int i = 0; i < OWN_MAX; i++)
        if (sig && __atomic_load_n(&sa_state.own[i].sig, __ATOMIC_ACQUIRE) == sig)
            return &sa_state.own[i];
    return NULL;
}

/* May a real-time stop signal still be chosen (default mode, none yet)? */
static bool rt_open(void)
{
    return flag_signal() <= 0 && !__atomic_load_n(&sa_state.own[OWN_RT].sig, __ATOMIC_ACQUIRE);
}

int lsan_stw_signal_action_validate(const struct lsan_stw_config *config, char *why, size_t len)
{
    int sig = config->signal;
    const char *bad = NULL;
    if (sig == 0)
        return 0;
    if (sig < 1 || sig > 64)
        bad = "there is no such signal";
    else if (sig == SIGKILL || sig == SIGSTOP)
        bad = "it cannot be caught";
    else if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP)
        bad = "faults and debuggers raise it";
    else if (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
        bad = "it stops the process by default";
    else if (sig == SIGCHLD)
        bad = "handling it changes how children are reaped";
    else if (sig == 32 || sig == 33)
        bad = "glibc keeps it for itself";
    if (!bad)
        return 0;
    lsan_fmt_snprintf(why, len,
                      "stop_the_world_signal=%d cannot be used: %s; use 0 (SIGURG, the default) or a "
                      "real-time signal (34 to 64)",
                      sig, bad);
    return -22;
}

static void read_user(struct own *o, struct sigaction *out)
{
    for (int tries = 0;; tries++) {
        unsigned seq = __atomic_load_n(&o->user_seq, __ATOMIC_ACQUIRE);
        copy_bytes((char *)out, (const char *)&o->user, sizeof(*out));
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        /* a writer cannot be preempted forever; a handler interrupting the
         * writer on its own thread takes what is there */
        if ((!(seq & 1) && seq == __atomic_load_n(&o->user_seq, __ATOMIC_RELAXED)) || tries > 1000)
            return;
    }
}

/* Writers: sigaction() on any thread, and install() before a stop. A bounded
 * wait: a handler calling sigaction() on a thread that is itself writing
 * gives up and goes ahead. */
static void writer_lock(void)
{
    for (int i = 0; i < 10000 && __atomic_exchange_n(&sa_state.user_writer, 1, __ATOMIC_ACQUIRE); i++)
        sys_sched_yield();
}

static void writer_unlock(void) { __atomic_store_n(&sa_state.user_writer, 0, __ATOMIC_RELEASE); }

static void write_user_locked(struct own *o, const struct sigaction *act)
{
    LSAN_DCHECK(__atomic_load_n(&sa_state.user_writer, __ATOMIC_RELAXED));
    __atomic_fetch_add(&o->user_seq, 1, __ATOMIC_ACQ_REL);
    copy_bytes((char *)&o->user, (const char *)act, sizeof(*act));
    __atomic_fetch_add(&o->user_seq, 1, __ATOMIC_RELEASE);
}

static bool has_handler(const struct sigaction *a)
{
    return a->sa_handler != SIG_DFL && a->sa_handler != SIG_IGN;
}

/* Our kernel action while the program's is u: the program's SA_RESTART,
 * SA_NODEFER, SA_ONSTACK and mask when it has a handler, so its own signals
 * behave as without leaksan; otherwise restart interrupted calls, and put
 * the stop's frame on the thread's alternate stack, which is leaksan's own
 * or one of the program's that is big enough for it (stw_altstack.c), never
 * a small one of the program's (MINSIGSTKSZ, 2 KiB, cannot hold a 3 KiB
 * AVX-512 frame) and never the few bytes left on a nearly full stack. */
static void our_action(const struct sigaction *u, struct sigaction *sa)
{
    lsan_mem_set(sa, 0, sizeof(*sa));
    sa->sa_sigaction = lsan_stw_signal_handler_async;
    if (has_handler(u)) {
        sa->sa_flags = SA_SIGINFO | (u->sa_flags & (SA_RESTART | SA_NODEFER | SA_ONSTACK));
        sa->sa_mask = u->sa_mask;
    } else {
        sa->sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
        lsan_mem_set(&sa->sa_mask, 0, sizeof(sa->sa_mask)); /* sigemptyset, freestanding */
    }
}

static void default_of(struct sigaction *a)
{
    lsan_mem_set(a, 0, sizeof(*a));
    a->sa_handler = SIG_DFL;
}

/* The default action of the signal for a program that left it at SIG_DFL:
 * nothing for the signals that are ignored by default, otherwise the process
 * ends as it would have (stop signals are refused as stop_the_world_signal). */
static void default_action(int sig)
{
    if (sig == SIGURG || sig == SIGCHLD || sig == SIGCONT || sig == SIGWINCH)
        return;
    struct sigaction dfl;
    default_of(&dfl);
    real_sigaction(sig, &dfl, 0);
    u64 one = 1ull << (sig - 1);
    SYS3(SYS_tgkill, sys_getpid(), sys_gettid(), sig);
    SYS4(SYS_rt_sigprocmask, SIG_UNBLOCK, &one, 0, 8);
}

/* A signal that is not one of our stops: what the program asked for. */
void lsan_stw_signal_action_program_async(int sig, siginfo_t *info, void *uctx)
{
    struct own *o = own_of(sig);
    if (!o)
        return;
    struct sigaction u;
    read_user(o, &u);
    if (u.sa_handler == SIG_IGN)
        return;
    if (u.sa_handler == SIG_DFL) {
        default_action(sig);
        return;
    }
    if (u.sa_flags & SA_RESETHAND) {
        struct sigaction dfl, sa;
        default_of(&dfl);
        our_action(&dfl, &sa);
        writer_lock();
        write_user_locked(o, &dfl);
        real_sigaction(sig, &sa, 0);
        writer_unlock();
    }
    if (u.sa_flags & SA_SIGINFO)
        u.sa_sigaction(sig, info, uctx);
    else
        u.sa_handler(sig);
}

/* Makes our handler the action of o's signal, under the writer lock. Until
 * then the program's sigaction() calls for it go straight to the kernel; from
 * then on the interceptor keeps them here. If something displaced our
 * handler since (sysv_signal, a raw rt_sigaction), what it set is the
 * program's action now. */
static int install_locked(struct own *o, int sig, char *why, size_t len)
{
    LSAN_DCHECK(__atomic_load_n(&sa_state.user_writer, __ATOMIC_RELAXED));
    struct sigaction cur, sa;
    lsan_mem_set(&cur, 0, sizeof(cur)); /* libc fills only the kernel's 8 bytes of the mask */
    if (real_sigaction(sig, 0, &cur) != 0) {
        lsan_fmt_snprintf(why, len, "cannot read the action of signal %d", sig);
        return -22;
    }
    void *now = cur.sa_flags & SA_SIGINFO ? (void *)cur.sa_sigaction : (void *)cur.sa_handler;
    if (now != (void *)lsan_stw_signal_handler_async) {
        our_action(&cur, &sa);
        if (real_sigaction(sig, &sa, 0) != 0) {
            lsan_fmt_snprintf(why, len, "cannot install a handler for signal %d", sig);
            return -22;
        }
        write_user_locked(o, &cur);
    }
    __atomic_store_n(&o->sig, sig, __ATOMIC_RELEASE);
    __atomic_store_n(&o->installed, 1, __ATOMIC_RELEASE);
    return 0;
}

/* Takes the highest real-time signal the program leaves at SIG_DFL as the
 * second stop signal, for good (see OWN_RT); 0 if there is none. */
static int choose_rt_locked(void)
{
    LSAN_DCHECK(__atomic_load_n(&sa_state.user_writer, __ATOMIC_RELAXED));
    char why[96];
    for (int sig = 64; sig >= 34; sig--) {
        struct sigaction a;
        lsan_mem_set(&a, 0, sizeof(a));
        if (real_sigaction(sig, 0, &a) == 0 && a.sa_handler == SIG_DFL &&
            !(a.sa_flags & SA_SIGINFO))
            return install_locked(&sa_state.own[OWN_RT], sig, why, sizeof(why)) == 0 ? sig : 0;
    }
    return 0;
}

int lsan_stw_signal_action_install(bool traced, char *why, size_t len)
{
    struct own *main = &sa_state.own[OWN_MAIN];
    int sig = lsan_stw_signal_action_number(), rt = 0;
    /* handed over by the interceptors' constructor: a check from a
     * constructor that ran before it (static runtime) has none yet */
    if (!lsan_stw_configuration()->real_sigaction) {
        lsan_fmt_snprintf(why, len, "libc's sigaction is not known yet (leaksan's constructor has "
                                    "not run)");
        return -38; /* ENOSYS */
    }
    writer_lock();
    int r = install_locked(main, sig, why, len);
    if (r == 0 && flag_signal() <= 0) {
        struct sigaction u;
        read_user(main, &u);
        if (has_handler(&u) && !traced) {
            rt = sa_state.own[OWN_RT].sig;
            if (!rt)
                rt = choose_rt_locked();
            else if (install_locked(&sa_state.own[OWN_RT], rt, why, len) != 0)
                rt = 0;
        }
    }
    writer_unlock();
    return r ? r : rt;
}

/* Called by the sigaction interceptor for every signal: 0 for the others, or
 * 1 with *ret set when it handled a call for one of ours. Before our handler
 * owns a signal the call goes to the kernel; from then on the program's
 * action is kept here (and reported back as its old action) while ours stays
 * installed with the program's flags and mask. Under the writer lock, so
 * install() cannot come in between (a real-time signal may become ours at
 * any stop until one has: until then those calls take the lock too), and
 * with the signal blocked, so our handler on this thread never reads a
 * half-written action. */
int lsan_stw_signal_action_intercept(int sig, const struct sigaction *act, struct sigaction *old,
                                     int *ret)
{
    lsan_stw_signal_action_number(); /* the main signal chosen */
    if (!own_of(sig) && !(sig >= 34 && sig <= 64 && rt_open()))
        return 0;
    struct sigaction want;
    if (act)
        want = *act; /* act and old may be the same struct */
    u64 one = 1ull << (sig - 1), saved;
    SYS4(SYS_rt_sigprocmask, SIG_BLOCK, &one, &saved, 8);
    writer_lock();
    struct own *o = own_of(sig);
    if (!o || !__atomic_load_n(&o->installed, __ATOMIC_ACQUIRE)) {
        *ret = real_sigaction(sig, act ? &want : 0, old);
    } else {
        if (old)
            read_user(o, old);
        if (act) {
            struct sigaction sa;
            our_action(&want, &sa);
            real_sigaction(sig, &sa, 0);
            write_user_locked(o, &want);
        }
        *ret = 0;
    }
    writer_unlock();
    SYS4(SYS_rt_sigprocmask, SIG_SETMASK, &saved, 0, 8);
    return 1;
}

/* A fork() in the middle of a write leaves no writer in the child. */
void lsan_stw_signal_action_after_fork_child(void)
{
    sa_state.user_writer = 0;
    for (int i = 0; i < OWN_MAX; i++)
        sa_state.own[i].user_seq &= ~1u;
}
