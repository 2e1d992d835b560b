/* The ptrace-free stop-the-world backend: every other thread is sent a
 * signal with rt_tgsigqueueinfo; its handler publishes its registers from the
 * ucontext, acknowledges, and waits on a futex until the scan is over. The
 * handler only touches atomics, raw syscalls and its own slot: no libc, no
 * locks, no errno. Every wait has a deadline. */
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "platform/stw.h"
#include "platform/tls.h"
#include "runtime/base.h"
#include "runtime/fmt.h"
#include "runtime/flags.h"

#define FUTEX_WAIT_ 0
#define FUTEX_WAKE_ 1
#define MAGIC 0x4c53414eu /* "LSAN": si_value of our own signals */
#define REGS_MAX 4096
#define MAX_THREADS (1u << 16)
#define SEEN_SIZE (2 * MAX_THREADS)
#define BLOCKED_PROBE_NS 100000000ull  /* how often SigBlk of a silent thread is read */
#define BLOCKED_GRACE_NS 1000000000ull /* blocked this long: it will not answer */

enum { SLOT_SENT = 1, SLOT_STOPPED = 2, SLOT_RESUMED = 3, SLOT_ESCAPED = 4 };

struct slot {
    volatile int state;
    int tid;
    uptr sp, tp;
    u32 regs_size;
    u32 pad;
    char regs[REGS_MAX];
};

static struct {
    int sig;
    bool installed;
    struct sigaction user;      /* the program's own action for our signal */
    bool user_set;
    volatile int epoch;         /* futex: stopped threads wait while it is unchanged */
    volatile int stopping;      /* 1 while a stop is in progress */
    volatile int acks;          /* futex: incremented by each handler */
    uint64_t deadline_ns;       /* how long a stopped thread waits before escaping */
    struct slot *slots;
    u32 cap;
    u64 *seen;                  /* open addressing: run << 32 | tid */
    u32 run_id;
    struct lsan_stw_thread *threads;
} st;

int lsan_stw_signal_number(void)
{
    if (!st.sig)
        st.sig = lsan_flags.stop_the_world_signal > 0 ? lsan_flags.stop_the_world_signal : SIGURG;
    return st.sig;
}

static void copy_bytes(char *d, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = s[i];
}

static void handler(int sig, siginfo_t *info, void *uctx)
{
    bool ours = info && info->si_code == SI_QUEUE && info->si_pid == sys_getpid() &&
                ((uptr)info->si_value.sival_ptr >> 32) == MAGIC && st.stopping;
    if (!ours) {
        /* the program's own use of this signal keeps working */
        if (st.user_set) {
            if (st.user.sa_flags & SA_SIGINFO) {
                if (st.user.sa_sigaction)
                    st.user.sa_sigaction(sig, info, uctx);
            } else if (st.user.sa_handler != SIG_IGN && st.user.sa_handler != SIG_DFL) {
                st.user.sa_handler(sig);
            }
        }
        return;
    }
    u32 i = (u32)(uptr)info->si_value.sival_ptr;
    if (i >= st.cap)
        return;
    struct slot *s = &st.slots[i];
    if (s->tid != (int)sys_gettid())
        return;
    ucontext_t *uc = uctx;
    int epoch = st.epoch;
    size_t n = sizeof(uc->uc_mcontext.gregs);
    copy_bytes(s->regs, (const char *)uc->uc_mcontext.gregs, n);
    if (uc->uc_mcontext.fpregs) {
        /* FXSAVE area, then the XSAVE extension when the kernel saved one */
        size_t fp = 512;
        const u32 *sw = (const u32 *)((const char *)uc->uc_mcontext.fpregs + 464);
        if (sw[0] == 0x46505853u /* FP_XSTATE_MAGIC1 */ && sw[3] > fp)
            fp = sw[3]; /* xstate_size */
        if (n + fp > REGS_MAX)
            fp = REGS_MAX - n;
        copy_bytes(s->regs + n, (const char *)uc->uc_mcontext.fpregs, fp);
        n += fp;
    }
    s->regs_size = (u32)n;
    s->sp = (uptr)uc->uc_mcontext.gregs[REG_RSP];
    s->tp = lsan_tls_thread_pointer();
    __atomic_store_n(&s->state, SLOT_STOPPED, __ATOMIC_RELEASE);
    __atomic_fetch_add(&st.acks, 1, __ATOMIC_RELEASE);
    sys_futex(&st.acks, FUTEX_WAKE_, 1, 0);
    uint64_t end = sys_now_ns() + st.deadline_ns;
    while (__atomic_load_n(&st.epoch, __ATOMIC_ACQUIRE) == epoch) {
        uint64_t now = sys_now_ns();
        if (now >= end) {
            /* the scanner will see this and refuse to trust its result */
            __atomic_store_n(&s->state, SLOT_ESCAPED, __ATOMIC_RELEASE);
            return;
        }
        struct {
            long sec, nsec;
        } ts = {(long)((end - now) / 1000000000ull), (long)((end - now) % 1000000000ull)};
        sys_futex(&st.epoch, FUTEX_WAIT_, epoch, &ts);
    }
    __atomic_store_n(&s->state, SLOT_RESUMED, __ATOMIC_RELEASE);
}

typedef int (*sigaction_fn)(int, const struct sigaction *, struct sigaction *);
sigaction_fn lsan_real_sigaction(void);

static int install(char *why, size_t len)
{
    if (st.installed)
        return 0;
    int sig = lsan_stw_signal_number();
    struct sigaction sa, old;
    lsan_memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
    sigfillset(&sa.sa_mask);
    sigdelset(&sa.sa_mask, SIGSEGV);
    sigdelset(&sa.sa_mask, SIGBUS);
    sigdelset(&sa.sa_mask, SIGILL);
    sigdelset(&sa.sa_mask, SIGFPE);
    if (lsan_real_sigaction()(sig, &sa, &old) != 0) {
        lsan_snprintf(why, len, "cannot install a handler for signal %d", sig);
        return -22;
    }
    if (!st.user_set && old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN &&
        (old.sa_flags & SA_SIGINFO ? (void *)old.sa_sigaction : (void *)old.sa_handler) !=
            (void *)handler) {
        st.user = old;
        st.user_set = true;
    }
    st.installed = true;
    return 0;
}

/* Called by the sigaction interceptor: the program's action for our signal
 * is kept for chaining, ours stays installed. Returns 1 if handled. */
int lsan_stw_signal_intercept(int sig, const struct sigaction *act, struct sigaction *old)
{
    if (sig != lsan_stw_signal_number())
        return 0;
    if (old) {
        if (st.user_set)
            *old = st.user;
        else
            lsan_memset(old, 0, sizeof(*old));
    }
    if (act) {
        st.user = *act;
        st.user_set = act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN;
        char why[64];
        install(why, sizeof(why));
    }
    return 1;
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
    if (n > MAX_THREADS)
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
    st.cap = MAX_THREADS;
    __atomic_store_n(&st.slots, (struct slot *)s, __ATOMIC_RELEASE);
    return true;
}

/* Reads "Name:\t..." from /proc/self/task/TID/status into out (a line). */
static void task_status_field(int tid, const char *field, char *out, size_t len)
{
    char path[64], buf[4096];
    out[0] = 0;
    lsan_snprintf(path, sizeof(path), "/proc/self/task/%d/status", tid);
    int fd = (int)sys_openat(-100, path, 02000000, 0);
    if (fd < 0)
        return;
    long n = sys_read(fd, buf, sizeof(buf) - 1);
    sys_close(fd);
    if (n <= 0)
        return;
    buf[n] = 0;
    const char *p = lsan_strstr(buf, field);
    if (!p)
        return;
    p += lsan_strlen(field);
    while (*p == ' ' || *p == '\t')
        p++;
    size_t i = 0;
    while (p[i] && p[i] != '\n' && i + 1 < len)
        out[i] = p[i], i++;
    out[i] = 0;
}

static bool task_exists(int tid)
{
    char path[64];
    lsan_snprintf(path, sizeof(path), "/proc/self/task/%d", tid);
    return sys_access(path, 0) == 0;
}

/* Is signal sig blocked in thread tid (SigBlk of its status)? */
static bool task_blocks(int tid, int sig)
{
    char mask[64];
    task_status_field(tid, "SigBlk:", mask, sizeof(mask));
    u64 m = 0;
    for (const char *p = mask; *p; p++)
        m = m * 16 + (u64)(*p <= '9' ? *p - '0' : (*p | 32) - 'a' + 10);
    return (m >> (sig - 1)) & 1;
}

/* Records tid as listed in this run; false if it was already. */
static bool seen_add(int tid)
{
    u64 key = (u64)st.run_id << 32 | (u32)tid;
    for (u32 i = ((u32)tid * 2654435761u) & (SEEN_SIZE - 1);; i = (i + 1) & (SEEN_SIZE - 1)) {
        if (st.seen[i] == key)
            return false;
        if ((u32)(st.seen[i] >> 32) != st.run_id) {
            st.seen[i] = key;
            return true;
        }
    }
}

/* Appends to the slot table every task not in it yet; returns how many were
 * added, or -errno. */
static int list_new_tasks(u32 *n, int self)
{
    int fd = (int)sys_openat(-100, "/proc/self/task", 0200000 /* O_DIRECTORY */ | 02000000, 0);
    if (fd < 0)
        return fd;
    char buf[8192];
    int added = 0;
    long got;
    while ((got = sys_getdents64(fd, buf, sizeof(buf))) > 0) {
        for (long off = 0; off < got;) {
            unsigned short reclen = *(unsigned short *)(buf + off + 16);
            const char *name = buf + off + 19;
            off += reclen;
            if (name[0] < '0' || name[0] > '9')
                continue;
            int tid = 0;
            for (const char *p = name; *p; p++)
                tid = tid * 10 + (*p - '0');
            if (tid == self)
                continue;
            if (!seen_add(tid))
                continue;
            if (!ensure_slots(*n + 1)) {
                sys_close(fd);
                return -12;
            }
            struct slot *s = &st.slots[*n];
            s->tid = tid;
            s->state = 0;
            s->regs_size = 0;
            (*n)++;
            added++;
        }
    }
    sys_close(fd);
    return got < 0 ? (int)got : added;
}

static long send(int tid, u32 idx)
{
    siginfo_t si;
    lsan_memset(&si, 0, sizeof(si));
    si.si_signo = st.sig;
    si.si_code = SI_QUEUE;
    si.si_pid = (int)sys_getpid();
    si.si_uid = 0;
    si.si_value.sival_ptr = (void *)(((uptr)MAGIC << 32) | idx);
    return SYS4(SYS_rt_tgsigqueueinfo, sys_getpid(), tid, st.sig, &si);
}

/* Releases every stopped thread and waits (bounded) until they have left
 * their slots. Returns the number of threads that escaped on their own. */
static int resume_all(u32 n)
{
    __atomic_store_n(&st.stopping, 0, __ATOMIC_RELEASE);
    __atomic_fetch_add(&st.epoch, 1, __ATOMIC_RELEASE);
    sys_futex(&st.epoch, FUTEX_WAKE_, 0x7fffffff, 0);
    int escaped = 0;
    uint64_t end = sys_now_ns() + lsan_stw_timeout_ns();
    for (u32 i = 0; i < n; i++) {
        struct slot *s = &st.slots[i];
        while (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) == SLOT_STOPPED && sys_now_ns() < end)
            sys_sched_yield();
        if (s->state == SLOT_ESCAPED)
            escaped++;
    }
    return escaped;
}

static int run(lsan_stw_callback cb, void *arg, char *why, size_t len)
{
    int r = install(why, len);
    if (r)
        return r;
    int self = (int)sys_gettid();
    uint64_t timeout = lsan_stw_timeout_ns();
    st.deadline_ns = timeout * 3;
    st.acks = 0;
    if (!ensure_slots(1)) {
        lsan_snprintf(why, len, "out of memory for the thread table");
        return -12;
    }
    __atomic_store_n(&st.stopping, 1, __ATOMIC_RELEASE);
    st.run_id++; /* empties the set of listed tasks */
    u32 n = 0, sent = 0;
    uint64_t end = sys_now_ns() + timeout;
    for (;;) {
        int added = list_new_tasks(&n, self);
        if (added < 0) {
            lsan_snprintf(why, len, "cannot list /proc/self/task (errno %d)", -added);
            resume_all(n);
            return added;
        }
        if (!added && sent == n)
            break;
        for (; sent < n; sent++) {
            struct slot *s = &st.slots[sent];
            __atomic_store_n(&s->state, SLOT_SENT, __ATOMIC_RELEASE);
            long e = send(s->tid, sent);
            if (e)
                s->state = 0;
            if (e && e != -3 /* ESRCH: it exited */) {
                lsan_snprintf(why, len, "cannot signal thread %d (errno %ld)", s->tid, -e);
                resume_all(n);
                return (int)e;
            }
        }
        /* wait until every signalled thread has stopped, or has exited */
        for (u32 i = 0; i < n; i++) {
            struct slot *s = &st.slots[i];
            /* glibc blocks signals for microseconds (thread creation, fork);
             * blocked for a whole second means blocked for good (a sigwait
             * thread, say): no point waiting for the full timeout */
            uint64_t blocked_since = 0, next_probe = 0;
            while (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) == SLOT_SENT) {
                int acks = st.acks;
                if (!task_exists(s->tid)) {
                    s->state = 0; /* it exited before answering */
                    break;
                }
                uint64_t now = sys_now_ns();
                bool blocked_for_good = false;
                if (now >= next_probe) {
                    next_probe = now + BLOCKED_PROBE_NS;
                    if (!task_blocks(s->tid, st.sig))
                        blocked_since = 0;
                    else if (!blocked_since)
                        blocked_since = now;
                    else
                        blocked_for_good = now - blocked_since >= BLOCKED_GRACE_NS;
                }
                if (now >= end || blocked_for_good) {
                    char name[32];
                    task_status_field(s->tid, "Name:", name, sizeof(name));
                    if (task_blocks(s->tid, st.sig))
                        lsan_snprintf(why, len,
                                      "thread %d (%s) blocks signal %d, so it cannot be stopped "
                                      "without ptrace; unblock it or use stop_the_world=ptrace",
                                      s->tid, name, st.sig);
                    else
                        lsan_snprintf(why, len,
                                      "thread %d (%s) did not answer signal %d within %lu ms",
                                      s->tid, name, st.sig, (unsigned long)(timeout / 1000000));
                    resume_all(n);
                    return -62; /* ETIME */
                }
                struct {
                    long sec, nsec;
                } ts = {0, 2000000};
                sys_futex(&st.acks, FUTEX_WAIT_, acks, &ts);
            }
        }
    }
    /* the world: every stopped thread, then the caller itself */
    size_t m = 0;
    for (u32 i = 0; i < n; i++) {
        struct slot *s = &st.slots[i];
        if (s->state != SLOT_STOPPED)
            continue;
        struct lsan_stw_thread *t = &st.threads[m++];
        t->tid = s->tid;
        t->status = LSAN_STW_STOPPED;
        t->sp = s->sp;
        t->tp = s->tp;
        t->regs = s->regs;
        t->regs_size = s->regs_size;
    }
    if (!ensure_slots(n + 1)) {
        resume_all(n);
        lsan_snprintf(why, len, "out of memory for the thread table");
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
    struct lsan_stw_world w = {st.threads, m, "signal"};
    cb(&w, arg);
    int escaped = resume_all(n);
    if (escaped) {
        lsan_snprintf(why, len,
                      "%d thread(s) stopped waiting for the scan to finish after %lu ms; the "
                      "result cannot be trusted",
                      escaped, (unsigned long)(st.deadline_ns / 1000000));
        return -62;
    }
    if (m > 1)
        lsan_snprintf(why, len, "%zu thread(s) stopped with signal %d", m - 1, st.sig);
    else
        lsan_snprintf(why, len, "no other thread: no signal sent");
    return 0;
}

const struct lsan_stw_ops lsan_stw_signal = {
    .name = "signal",
    .probe = probe,
    .run = run,
};
