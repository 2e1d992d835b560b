/* The ptrace stop-the-world backend. run() maps one arena and starts a tracer
 * as a helper process (stw_helper.c: a separate process sharing our memory);
 * the tracer seizes every LWP, reads its registers, calls the callback and
 * detaches.
 * The tracer runs while the world is stopped: no libc, no locks, no TLS, no
 * errno; it reports only through the arena and its exit status. */
#include "platform/stw.h"
#include "platform/stw_helper.h"

#include <cpuid.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "platform/base.h"
#include "platform/bits.h"
#include "platform/errno.h"
#include "platform/fmt.h"
#include "platform/task.h"
#include "platform/tidset.h"

#define GPR_SIZE sizeof(struct user_regs_struct)
#define MAX_XSAVE 16384ul
#define MS 1000000ull
#define CAP_SYS_PTRACE_BIT 19

enum { PH_START, PH_STOPPING, PH_CALLBACK, PH_RESUMING, PH_DONE };
/* Tracer exit codes. */
enum { TX_OK, TX_REFUSED = 2, TX_CRASH = LSAN_STW_HELPER_CRASH, TX_NOT_STOPPED,
       TX_WATCHDOG = LSAN_STW_HELPER_WATCHDOG, TX_TOO_MANY, TX_NO_GO,
       TX_ORPHAN = LSAN_STW_HELPER_ORPHAN, TX_LIST };
enum { OP_SEIZE = 1, OP_INTERRUPT, OP_WAIT, OP_TIMEOUT };
enum { T_WAIT, T_STOPPED, T_GONE };

struct rec {
    int tid, state, attached;
    int sig; /* taken from a signal-delivery-stop; re-injected on detach */
};

/* The arena header, shared by the caller and the tracer. */
struct tracer {
    struct lsan_stw_helper h; /* first: the helper's memory starts with it */
    /* Written by the caller before the clone. */
    int tgid;
    uint64_t timeout_ns, cb_limit_ns;
    lsan_stw_callback cb;
    void *arg;
    size_t cap, xsave_size, stride;
    struct lsan_tidset seen; /* every tid with a record */
    struct rec *recs;
    struct lsan_stw_thread *out;
    char *regs;
    volatile int go; /* set once the caller granted ptrace rights */
    /* Written by the tracer. */
    volatile int cb_done;
    size_t n_recs, n_wait, n_out;
    int err, err_op, err_tid, err_state;
    uint64_t stop_ns;
};

/* ---- the tracer: stopped-world rules from here to the caller's side ---- */

/* Detaches every attached thread; a stopped one gets back the signal it was
 * stopped with. Threads seized but not stopped yet cannot be detached: the
 * kernel releases them when the tracer exits. */
static void release(struct tracer *t)
{
    for (size_t i = 0; i < t->n_recs; i++) {
        struct rec *r = &t->recs[i];
        if (r->attached && sys_ptrace(PTRACE_DETACH, r->tid, 0, (void *)(long)r->sig) == 0)
            r->attached = 0;
    }
}

/* The helper's on_abort: a crash or the watchdog. */
static void release_all(struct lsan_stw_helper *h) { release((struct tracer *)h); }

static int fail(struct tracer *t, int op, int tid, long err)
{
    int any = 0;
    for (size_t i = 0; i < t->n_recs; i++)
        any |= t->recs[i].attached;
    t->err_op = op;
    t->err_tid = tid;
    t->err = (int)err;
    return op == OP_SEIZE && !any ? TX_REFUSED : TX_NOT_STOPPED;
}

/* Seizes and interrupts tid. Returns 0 or a tracer exit code. */
static int seize(struct tracer *t, int tid)
{
    if (t->n_recs == t->cap)
        return TX_TOO_MANY;
    size_t i = t->n_recs++;
    struct rec *r = &t->recs[i];
    r->tid = tid;
    r->state = T_GONE;
    r->attached = r->sig = 0;
    lsan_tidset_add(&t->seen, tid);
    long e = sys_ptrace(PTRACE_SEIZE, tid, 0, 0);
    if (e == -ESRCH || (e == -EPERM && lsan_task_gone(lsan_task_state_stopped(t->tgid, tid))))
        return 0; /* exited, or a zombie (a leader that called pthread_exit) */
    if (e < 0)
        return fail(t, OP_SEIZE, tid, e);
    r->attached = 1;
    e = sys_ptrace(PTRACE_INTERRUPT, tid, 0, 0);
    if (e < 0 && e != -ESRCH)
        return fail(t, OP_INTERRUPT, tid, e);
    if (e == 0) {
        r->state = T_WAIT;
        t->n_wait++;
    }
    return 0;
}

static int seize_new(int tid, void *arg)
{
    struct tracer *t = arg;
    return lsan_tidset_has(&t->seen, tid) ? 0 : seize(t, tid);
}

/* Seizes every LWP of the process not seen yet; *added counts them. */
static int attach_new(struct tracer *t, size_t *added)
{
    size_t before = t->n_recs;
    int code = lsan_task_each(t->tgid, seize_new, t);
    if (code < 0)
        t->err = code, code = TX_LIST;
    *added = t->n_recs - before;
    return code;
}

/* Waits until no seized thread still runs, or fails at the deadline. Sweeps
 * with per-thread waits: wait4(-1) walks every tracee, O(n^2) in all. */
static int collect(struct tracer *t, uint64_t deadline)
{
    uint64_t last = sys_now_ns();
    while (t->n_wait) {
        size_t got = 0;
        for (size_t i = 0; i < t->n_recs; i++) {
            struct rec *r = &t->recs[i];
            int st = 0;
            long w;
            if (r->state != T_WAIT)
                continue;
            do
                w = sys_wait4(r->tid, &st, __WALL | WNOHANG, 0);
            while (w == -EINTR);
            if (w < 0 && w != -ECHILD)
                return fail(t, OP_WAIT, r->tid, w);
            if (w <= 0 || !(WIFSTOPPED(st) || WIFEXITED(st) || WIFSIGNALED(st)))
                continue;
            /* A signal-delivery-stop is a stop too. The thread stays in it,
             * and detaching with the signal delivers it; from an interrupt
             * stop the kernel would drop a detach signal. */
            if (WIFSTOPPED(st) && (st >> 16) == 0)
                r->sig = WSTOPSIG(st);
            r->state = WIFSTOPPED(st) ? T_STOPPED : T_GONE;
            r->attached = WIFSTOPPED(st);
            t->n_wait--;
            got++;
        }
        uint64_t now = sys_now_ns();
        if (got) {
            last = now;
        } else if (now - last > 20 * MS || now >= deadline) {
            /* No progress: a leader that became a zombie never stops. */
            for (size_t i = 0; i < t->n_recs; i++) {
                struct rec *r = &t->recs[i];
                char s = r->state == T_WAIT ? lsan_task_state_stopped(t->tgid, r->tid) : 0;
                if (s && lsan_task_gone(s)) {
                    r->state = T_GONE;
                    t->n_wait--;
                } else if (s && now >= deadline) {
                    t->err_state = s;
                    return fail(t, OP_TIMEOUT, r->tid, -ETIMEDOUT);
                }
            }
            last = now;
        } else {
            /* Each tracee stop queues a SIGCHLD (blocked) for us. */
            uint64_t wait = deadline - now < 2 * MS ? deadline - now : 2 * MS;
            struct sys_timespec ts = sys_timespec_ns(wait);
            uint64_t set = 1ull << (SIGCHLD - 1);
            SYS4(SYS_rt_sigtimedwait, &set, 0, &ts, 8);
        }
    }
    return 0;
}

/* Fills t->out with every stopped thread and its registers. */
static void build_world(struct tracer *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_recs; i++) {
        if (t->recs[i].state != T_STOPPED)
            continue;
        int tid = t->recs[i].tid;
        char *buf = t->regs + i * t->stride;
        const struct user_regs_struct *g = (const void *)buf;
        struct lsan_stw_thread *o = &t->out[n++];
        struct iovec iov = {buf, GPR_SIZE};
        o->tid = tid;
        o->status = LSAN_STW_NO_REGS;
        o->sp = o->tp = 0;
        o->regs = 0;
        o->regs_size = 0;
        if (sys_ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &iov) < 0 ||
            iov.iov_len < GPR_SIZE)
            continue;
        o->status = LSAN_STW_STOPPED;
        o->sp = g->rsp;
        o->tp = g->fs_base;
        o->regs = buf;
        o->regs_size = GPR_SIZE;
        iov.iov_base = buf + GPR_SIZE;
        iov.iov_len = t->xsave_size;
        if (sys_ptrace(PTRACE_GETREGSET, tid, (void *)NT_X86_XSTATE, &iov) == 0)
            o->regs_size += iov.iov_len;
    }
    t->n_out = n;
}

/* Attaches in passes until a pass finds no new LWP while all known ones are
 * stopped: a stopped thread cannot create another. */
static int stop_all(struct tracer *t)
{
    uint64_t start = sys_now_ns();
    size_t added = 1;
    while (added) {
        int code = attach_new(t, &added);
        if (!code)
            code = collect(t, start + t->timeout_ns);
        if (code)
            return code;
    }
    t->stop_ns = sys_now_ns() - start;
    return 0;
}

static int tracer_main(struct lsan_stw_helper *h)
{
    struct tracer *t = (struct tracer *)h;
    /* Our own SIGCHLD action (SIG_DFL, no SA_NOCLDSTOP), so tracee stops are
     * signalled to us whatever the program installed; it stays blocked and
     * is consumed by rt_sigtimedwait. */
    struct sys_sigaction dfl = {SIG_DFL, SA_RESTORER, (void *)lsan_stw_helper_restorer, ~0ull};
    sys_rt_sigaction(SIGCHLD, &dfl, 0);
    uint64_t deadline = sys_now_ns() + t->timeout_ns;
    while (!__atomic_load_n(&t->go, __ATOMIC_ACQUIRE)) {
        struct sys_timespec ts = sys_timespec_ns(10 * MS);
        if (sys_now_ns() >= deadline)
            return TX_NO_GO;
        sys_futex(&t->go, FUTEX_WAIT, 0, &ts);
    }
    uint64_t slack = t->timeout_ns / 4 > 100 * MS ? t->timeout_ns / 4 : 100 * MS;
    lsan_stw_helper_phase(&t->h, PH_STOPPING, t->timeout_ns + slack);
    int code = stop_all(t);
    if (code) {
        release(t);
        return code;
    }
    build_world(t);
    lsan_stw_helper_phase(&t->h, PH_CALLBACK, t->cb_limit_ns);
    struct lsan_stw_world w;
    w.threads = t->out;
    w.n_threads = t->n_out;
    w.backend = lsan_stw_ptrace.name;
    t->cb(&w, t->arg);
    t->cb_done = 1;
    lsan_stw_helper_phase(&t->h, PH_RESUMING, t->timeout_ns + slack);
    release(t);
    lsan_stw_helper_phase(&t->h, PH_DONE, 0);
    return TX_OK;
}

/* ---- the caller's side: normal context ---- */

struct proc_status {
    int open_err, tracer_pid, seccomp, threads;
    uint64_t cap_eff;
};

/* Reads the fields we need from /proc/self/status. */
static void read_status(struct proc_status *ps)
{
    uint64_t v;
    int r = lsan_task_status_number(0, "TracerPid:", 10, &v);
    ps->open_err = r == -ENODATA ? 0 : r;
    ps->tracer_pid = r ? 0 : (int)v;
    ps->seccomp = lsan_task_status_number(0, "Seccomp:", 10, &v) ? 0 : (int)v;
    ps->threads = lsan_task_status_number(0, "Threads:", 10, &v) ? 1 : (int)v;
    ps->cap_eff = lsan_task_status_number(0, "CapEff:", 16, &v) ? 0 : v;
}

/* /proc/sys/kernel/yama/ptrace_scope, or -1 without Yama. */
static int yama_scope(void)
{
    char c = 0;
    const char *path = "/proc/sys/kernel/yama/ptrace_scope";
    long fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    long n = sys_read((int)fd, &c, 1);
    sys_close((int)fd);
    return n == 1 && c >= '0' && c <= '9' ? c - '0' : -1;
}

/* Why ptrace cannot work here, or 0. With `certain`, only the reasons that
 * make attaching fail for sure: with a tracer attached or a seccomp filter
 * active, run() still tries and reports exactly what failed. */
static int refusal(int certain, struct proc_status *ps, char *why, size_t why_len)
{
    read_status(ps);
    int yama = yama_scope(), cap = (ps->cap_eff >> CAP_SYS_PTRACE_BIT) & 1;
    long dumpable = sys_prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
    if (ps->open_err)
        lsan_fmt_snprintf(why, why_len, "cannot open /proc/self/status: %s%s", lsan_errno_text(ps->open_err),
                          ps->open_err == -ENOENT ? " (is /proc mounted?)" : "");
    else if (!certain && ps->tracer_pid)
        lsan_fmt_snprintf(why, why_len, "a tracer is attached (TracerPid %d)", ps->tracer_pid);
    else if (!certain && ps->seccomp == 2)
        lsan_fmt_snprintf(why, why_len, "a seccomp filter is active (Seccomp: 2)");
    else if (yama == 3)
        lsan_fmt_snprintf(why, why_len, "Yama ptrace_scope=3 forbids ptrace");
    else if (yama == 2 && !cap)
        lsan_fmt_snprintf(why, why_len, "Yama ptrace_scope=2 allows ptrace only with CAP_SYS_PTRACE, "
                                        "which the process lacks");
    else if (dumpable != 1 && !cap)
        lsan_fmt_snprintf(why, why_len, "the process is not dumpable (PR_GET_DUMPABLE=%ld: a set-id "
                          "program or prctl(PR_SET_DUMPABLE, 0)) and lacks CAP_SYS_PTRACE", dumpable);
    else if (!certain && dumpable != 1)
        /* A process that made itself non-dumpable asked not to be traced:
         * auto respects that even when the capability would allow it. */
        lsan_fmt_snprintf(why, why_len, "the process is not dumpable (PR_GET_DUMPABLE=%ld)", dumpable);
    else
        return 0;
    return ps->open_err == -ENOENT ? -ENOSYS : ps->open_err ? ps->open_err : -EPERM;
}

static int ptrace_probe(char *why, size_t why_len)
{
    struct proc_status ps;
    return refusal(0, &ps, why, why_len);
}

static const char *phase_name(int ph)
{
    static const char *names[] = {"starting", "stopping threads", "running the callback",
                                  "resuming threads", "exiting"};
    return ph >= 0 && ph < (int)LSAN_ARRAY_SIZE(names) ? names[ph] : "?";
}

/* Turns the tracer's exit status into run()'s result and message. */
static int explain(struct tracer *t, int killed, int st, char *why, size_t n)
{
    int code = killed ? -2 : WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    int late = t->cb_done ? 0 : -ETIMEDOUT;
    unsigned long long ms = t->timeout_ns / MS;
    const char *ph = phase_name(t->h.crash_phase);
    struct proc_status ps;
    char reason[160] = "";
    switch (code) {
    case -2:
        lsan_fmt_snprintf(why, n, "the ptrace tracer was stuck %s past its deadline; killed it", ph);
        return late;
    case -1:
        lsan_fmt_snprintf(why, n, "the ptrace tracer was killed by signal %d while %s%s", WTERMSIG(st),
                          phase_name(t->h.phase),
                          WTERMSIG(st) == SIGSYS ? " (a seccomp filter forbids a system call)" : "");
        return t->cb_done ? 0 : -EINTR;
    case TX_OK:
        lsan_fmt_snprintf(why, n, "%zu threads stopped in %llu us", t->n_out,
                          (unsigned long long)(t->stop_ns / 1000));
        return 0;
    case TX_REFUSED:
        refusal(0, &ps, reason, sizeof(reason));
        lsan_fmt_snprintf(why, n, "ptrace(PTRACE_SEIZE, %d) failed: %s%s%s", t->err_tid,
                          lsan_errno_text(t->err), reason[0] ? ": " : "", reason);
        return t->err;
    case TX_NOT_STOPPED:
        if (t->err_op == OP_TIMEOUT)
            lsan_fmt_snprintf(why, n, "could not stop thread %d: it did not stop within %llu ms "
                              "(state %c)", t->err_tid, ms, t->err_state);
        else
            lsan_fmt_snprintf(why, n, "could not stop thread %d: %s failed: %s", t->err_tid,
                              t->err_op == OP_WAIT    ? "wait4"
                              : t->err_op == OP_SEIZE ? "ptrace(PTRACE_SEIZE)"
                                                      : "ptrace(PTRACE_INTERRUPT)",
                              lsan_errno_text(t->err));
        return t->err_op == OP_TIMEOUT ? -ETIMEDOUT : -EPERM;
    case TX_CRASH:
        lsan_fmt_snprintf(why, n, "the ptrace tracer crashed with signal %d (%s) at pc %p (address %p) "
                          "while %s%s", t->h.crash_sig, lsan_stw_helper_signal_name(t->h.crash_sig),
                          (void *)t->h.crash_pc, (void *)t->h.crash_addr, ph,
                          t->h.crash_phase == PH_CALLBACK
                              ? ": the program may have made memory that leaksan scans unreadable "
                                "in a way /proc/self/maps does not show (a file mapping past the end of its "
                                "file, a region unmapped while the world was stopped)"
                              : "");
        return t->cb_done ? 0 : -EFAULT;
    case TX_WATCHDOG:
        lsan_fmt_snprintf(why, n, "the ptrace tracer gave up: %s took longer than %llu ms", ph,
                          (unsigned long long)((t->h.phase_deadline_ns - t->h.phase_start_ns) / MS));
        return late;
    case TX_TOO_MANY:
        lsan_fmt_snprintf(why, n, "the process has more than %zu threads", t->cap);
        return -E2BIG;
    case TX_LIST:
        lsan_fmt_snprintf(why, n, "cannot list /proc/%d/task: %s", t->tgid, lsan_errno_text(t->err));
        return t->err;
    default:
        lsan_fmt_snprintf(why, n, "the ptrace tracer exited with status %d while %s", code,
                          phase_name(t->h.phase));
        return t->cb_done ? 0 : -ECHILD;
    }
}

/* Faults pages in now rather than while the world is stopped (Linux 5.14+;
 * older kernels just fault them later). */
static void populate(char *p, size_t n)
{
    uptr lo = lsan_bits_round_down((uptr)p, LSAN_PAGE), hi = lsan_bits_round_up((uptr)p + n, LSAN_PAGE);
    sys_madvise((void *)lo, hi - lo, 23 /* MADV_POPULATE_WRITE */);
}

static int ptrace_run(lsan_stw_callback cb, void *arg, char *why, size_t why_len)
{
    struct proc_status ps;
    int r = refusal(1, &ps, why, why_len);
    if (r)
        return r;
    /* Arena: the helper's stacks (stw_helper.c), then header, hash,
     * records, world, registers. Capacity is address space (MAP_NORESERVE);
     * halve it if the kernel refuses (overcommit_memory=2). */
    size_t cap = 1 << 16, xsave = 512, stride, off_recs = 0, off_out = 0, off_regs = 0;
    unsigned a, b, c, d;
    if (__get_cpuid_count(0xd, 0, &a, &b, &c, &d) && b > xsave)
        xsave = b < MAX_XSAVE ? b : MAX_XSAVE;
    stride = lsan_bits_round_up(GPR_SIZE + xsave, 64);
    while (cap < (size_t)ps.threads * 2)
        cap *= 2;
    /* offsets from the header, which starts on a page */
    size_t off_hash = lsan_bits_round_up(sizeof(struct tracer), 64);
    struct lsan_stw_helper_mem mem;
    int m;
    for (;; cap /= 2) {
        off_recs = off_hash + 2 * cap * sizeof(uint64_t);
        off_out = off_recs + cap * sizeof(struct rec);
        off_regs = lsan_bits_round_up(off_out + cap * sizeof(struct lsan_stw_thread), LSAN_PAGE);
        m = lsan_stw_helper_map(off_regs + cap * stride, &mem);
        if (!m || cap <= 256)
            break;
    }
    if (m) {
        lsan_fmt_snprintf(why, why_len, "cannot map the ptrace tracer's memory: %s",
                          lsan_errno_text(m));
        return m;
    }
    char *base = mem.data;
    size_t expect = (size_t)ps.threads + (size_t)ps.threads / 4 + 64; /* the rest faults lazily */
    expect = expect < cap ? expect : cap;
    populate(base, off_recs + expect * sizeof(struct rec));
    populate(base + off_out, expect * sizeof(struct lsan_stw_thread));
    populate(base + off_regs, expect * stride);
    struct tracer *t = (struct tracer *)base;
    t->tgid = (int)sys_getpid();
    t->timeout_ns = lsan_stw_timeout_ns();
    t->cb_limit_ns = lsan_stw_callback_limit_ns();
    t->cb = cb;
    t->arg = arg;
    t->cap = cap;
    t->xsave_size = xsave;
    t->stride = stride;
    t->seen.slots = (uint64_t *)(base + off_hash);
    t->seen.mask = (uint32_t)(2 * cap - 1);
    t->seen.epoch = 1;
    t->recs = (struct rec *)(base + off_recs);
    t->out = (struct lsan_stw_thread *)(base + off_out);
    t->regs = base + off_regs;
    t->h.main = tracer_main;
    t->h.on_abort = release_all;
    t->h.start_limit_ns = 2 * t->timeout_ns;
    t->h.done_limit_ns = t->timeout_ns;
    t->h.done_phase = PH_DONE;

    long pid = lsan_stw_helper_start(&mem);
    if (pid < 0) {
        lsan_fmt_snprintf(why, why_len, "cannot start the ptrace tracer: clone failed: %s",
                          lsan_errno_text((int)pid));
        lsan_stw_helper_unmap(&mem);
        return (int)pid;
    }
    if (yama_scope() == 1)
        sys_prctl(PR_SET_PTRACER, pid, 0, 0, 0); /* Yama: let our child trace us */
    __atomic_store_n(&t->go, 1, __ATOMIC_RELEASE);
    sys_futex(&t->go, FUTEX_WAKE, 1, 0);

    int st = 0, killed = lsan_stw_helper_wait(&t->h, pid, &st);
    if (killed < 0) { /* not reaped: it may still touch the arena, so keep it */
        lsan_fmt_snprintf(why, why_len, "cannot reap the ptrace tracer (pid %ld): %s", pid,
                          lsan_errno_text(killed));
        return t->cb_done ? 0 : killed;
    }
    r = explain(t, killed, st, why, why_len);
    lsan_stw_helper_unmap(&mem);
    return r;
}

const struct lsan_stw_ops lsan_stw_ptrace = {
    .name = "ptrace",
    .probe = ptrace_probe,
    .run = ptrace_run,
};
