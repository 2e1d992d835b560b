/* The leak check driver: takes the registry and allocator locks, collects the
 * globals under the loader lock, stops the world for the scanner, then with
 * the world running applies suppressions (re-checking with suppressed stacks
 * as roots) and has the report model (report.c) built and written. */
#include "runtime/leak.h"

#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>

#include "platform/check.h"
#include "platform/own_stack.h"
#include "platform/stw.h"
#include "platform/task.h"
#include "runtime/alloc.h"
#include "runtime/depot.h"
#include "runtime/flags.h"
#include "platform/fmt.h"
#include "platform/mem.h"
#include "platform/sigpipe.h"
#include "platform/mutex.h"
#include "platform/str.h"
#include "runtime/report.h"
#include "runtime/scan.h"
#include "runtime/suppress.h"
#include "runtime/threads.h"

extern char __start_lsan_state[] __attribute__((weak, visibility("hidden")));
extern char __stop_lsan_state[] __attribute__((weak, visibility("hidden")));

static struct lsan_mutex regions_mu;
static struct lsan_range *regions;
static size_t n_regions, cap_regions;
static uptr ld_lo, ld_hi;
static bool fatal_check_done;
static struct lsan_mutex check_mu;
/* Held while a check holds the loader lock: fork() waits for it, so no child
 * starts life with the loader lock taken by a thread it does not have. */
static struct lsan_mutex stop_mu;

__attribute__((weak)) int __lsan_is_turned_off(void);

static int find_ld_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
    if (!info->dlpi_name || !lsan_str_str(info->dlpi_name, "/ld-linux"))
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
            ld_lo = info->dlpi_addr + ph->p_vaddr;
            ld_hi = ld_lo + ph->p_memsz;
        }
    }
    return 1;
}

void lsan_leak_init(void)
{
    dl_iterate_phdr(find_ld_cb, NULL);
}

/* A check another thread was running at fork() does not exist in the child. */
void lsan_leak_after_fork_child(void)
{
    regions_mu.state = 0;
    check_mu.state = 0;
    stop_mu.state = 0;
}

void lsan_leak_fork_prepare(void) { lsan_mutex_lock(&stop_mu); }
void lsan_leak_fork_parent(void) { lsan_mutex_unlock(&stop_mu); }

void lsan_leak_root_region_add(uptr beg, uptr size)
{
    lsan_mutex_lock(&regions_mu);
    void *grown = regions;
    LSAN_CHECK(lsan_mem_grow(&grown, &cap_regions, n_regions, n_regions + 1, sizeof(*regions), 64));
    regions = grown;
    regions[n_regions].beg = beg;
    regions[n_regions].end = beg + size;
    n_regions++;
    lsan_mutex_unlock(&regions_mu);
}

bool lsan_leak_root_region_remove(uptr beg, uptr size)
{
    bool found = false;
    lsan_mutex_lock(&regions_mu);
    for (size_t i = 0; i < n_regions; i++) {
        if (regions[i].beg == beg && regions[i].end == beg + size) {
            regions[i] = regions[--n_regions];
            found = true;
            break;
        }
    }
    lsan_mutex_unlock(&regions_mu);
    return found;
}

/* ---- one stop of the world ---- */

static int globals_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
    struct lsan_roots *s = arg;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W) || !ph->p_memsz)
            continue;
        void *grown = s->globals;
        if (!lsan_mem_grow(&grown, &s->cap_globals, s->n_globals, s->n_globals + 1,
                           sizeof(*s->globals), 256))
            return 1;
        s->globals = grown;
        uptr beg = info->dlpi_addr + ph->p_vaddr;
        s->globals[s->n_globals].beg = beg;
        s->globals[s->n_globals].end = beg + ph->p_memsz;
        s->n_globals++;
    }
    return 0;
}

struct stop_arg {
    struct lsan_scan *s;
    int result;
};

/* A /proc mounted for another PID namespace lists this process's threads
 * under ids the kernel does not know them by here (and /proc/PID may be
 * another process): no backend can find them, and a check that skipped them
 * would report what they hold as leaks. With the registry lock held no thread
 * is being created through pthread_create. */
static int proc_check(void)
{
    int pid = (int)sys_getpid(), proc_pid, threads;
    if (lsan_task_proc_describes_self(pid, &proc_pid, &threads) == 0)
        return 0;
    lsan_fmt_eprintf("==%d==leaksan: /proc belongs to another PID namespace: it calls this process "
                     "%d, the kernel %d, so its %d threads cannot be found and stopped; mount a /proc "
                     "for this namespace (unshare --mount-proc, or mount -t proc proc /proc)\n",
                     pid, proc_pid, pid, threads);
    return -3; /* ESRCH */
}

/* Runs under the loader lock (inside dl_iterate_phdr), so no module is loaded
 * or unloaded while the world is stopped. The loader lock is the outermost:
 * a thread inside a dl_iterate_phdr callback may call malloc, so the registry
 * and allocator locks are taken only once the loader lock is held (the order
 * LSan uses too). */
static int stop_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
    struct stop_arg *a = arg;
    dl_iterate_phdr(globals_cb, &a->s->roots);
    lsan_threads_lock();
    lsan_alloc_lock_all();
    a->result = proc_check();
    if (a->result == 0)
        a->result = lsan_scan_prepare(a->s);
    if (a->result == 0)
        a->result = lsan_stw_run(lsan_scan_stopped, a->s);
    lsan_alloc_unlock_all();
    lsan_threads_unlock();
    return 1;
}

static int run_check(struct lsan_scan *s, uptr caller_sp, const u32 *root_stacks, size_t n_root)
{
    lsan_mem_set(s, 0, sizeof(*s));
    struct lsan_roots *rt = &s->roots;
    rt->caller_tid = (int)sys_gettid();
    rt->caller_sp = caller_sp;
    rt->root_stacks = root_stacks;
    rt->n_root_stacks = n_root;
    rt->ld_lo = ld_lo;
    rt->ld_hi = ld_hi;
    rt->own.beg = (uptr)__start_lsan_state;
    rt->own.end = (uptr)__stop_lsan_state;
    rt->use_globals = lsan_flags.use_globals;
    rt->use_stacks = lsan_flags.use_stacks;
    rt->use_registers = lsan_flags.use_registers;
    rt->use_tls = lsan_flags.use_tls;
    rt->use_root_regions = lsan_flags.use_root_regions;
    s->mark.use_unaligned = lsan_flags.use_unaligned;
    rt->use_ld_allocations = lsan_flags.use_ld_allocations;
    rt->log_threads = lsan_flags.log_threads;
    s->mark.log_pointers = lsan_flags.log_pointers;

    lsan_mutex_lock(&regions_mu);
    if (n_regions) {
        rt->root_regions = lsan_mem_map(n_regions * sizeof(struct lsan_range));
        if (rt->root_regions) {
            lsan_mem_cpy(rt->root_regions, regions, n_regions * sizeof(struct lsan_range));
            rt->n_root_regions = n_regions;
        }
    }
    lsan_mutex_unlock(&regions_mu);

    struct stop_arg a = {s, -5};
    lsan_mutex_lock(&stop_mu);
    dl_iterate_phdr(stop_cb, &a);
    lsan_mutex_unlock(&stop_mu);
    int r = a.result;
    if (rt->root_regions)
        lsan_mem_unmap(rt->root_regions, rt->n_root_regions * sizeof(struct lsan_range));
    if (rt->globals)
        lsan_mem_unmap(rt->globals, rt->cap_globals * sizeof(struct lsan_range));
    if (r == 0 && !s->ran)
        r = -5; /* EIO: the backend returned without scanning */
    if (r == 0 && rt->unscannable_tid) {
        lsan_fmt_eprintf("==%ld==leaksan: thread %d was stopped but neither its registers nor its "
                         "stack could be read, so its roots are unknown\n",
                         sys_getpid(), rt->unscannable_tid);
        r = -5;
    }
    return r;
}

/* While the report is written, SIGPIPE is blocked in this thread
 * (platform/sigpipe.h): a stderr whose reader is gone makes the writes fail
 * with EPIPE instead of killing the program before its buffered output is
 * flushed and its exit status set. So does a symbolizer that died with its
 * pipe open. */

/* A sorted set of stack ids in mmap'd memory: the suppressed stacks whose
 * chunks are roots in the next round. */
struct id_set {
    u32 *ids;
    size_t n, cap;
};

static bool id_set_add(struct id_set *set, u32 id)
{
    size_t i = 0;
    while (i < set->n && set->ids[i] < id)
        i++;
    if (i < set->n && set->ids[i] == id)
        return false;
    void *grown = set->ids;
    LSAN_CHECK(lsan_mem_grow(&grown, &set->cap, set->n, set->n + 1, sizeof(u32), 512));
    set->ids = grown;
    for (size_t j = set->n; j > i; j--)
        set->ids[j] = set->ids[j - 1];
    set->ids[i] = id;
    set->n++;
    return true;
}

/* One try: runs the check (repeating it when suppressions hide leaks whose
 * children would otherwise show as indirect leaks) and reports it.
 * Returns 1 if unsuppressed leaks were reported, 0 if none, -1 if the check
 * failed. */
static int check_once(struct lsan_scan *s, uptr caller_sp, struct id_set *roots)
{
    const struct lsan_classify *k = &s->classify;
    for (int round = 0;; round++) {
        int r = run_check(s, caller_sp, roots->ids, roots->n);
        if (r) {
            struct lsan_report_check c = {.pid = sys_getpid(), .failed = -r};
            lsan_report_check_emit(&c);
            lsan_scan_release(s);
            return -1;
        }
        if (!k->n_records || !lsan_suppress_any())
            break;
        /* every frame of every record to the symbolizer in one batch */
        lsan_suppress_prefetch(k->records, k->n_records);
        /* Suppressed leaks are counted now and become roots of the next
         * round, so their children are not reported and they do not show up
         * (or count) again. */
        bool grew = false, indirect_shown = false;
        for (size_t i = 0; i < k->n_records; i++) {
            struct lsan_suppression *sup = lsan_suppress_match(k->records[i].stack_id);
            if (!sup) {
                indirect_shown |= !k->records[i].direct;
                continue;
            }
            lsan_suppress_count(sup, k->records[i].total_size, k->records[i].count);
            grew |= id_set_add(roots, k->records[i].stack_id);
        }
        /* a rerun can only take indirect leaks off the report */
        if (!grew || !indirect_shown)
            break;
        if (round >= 8) {
            lsan_fmt_eprintf("==%ld==WARNING: LeakSanitizer gave up on indirect leaks "
                             "suppression.\n",
                             sys_getpid());
            break;
        }
        lsan_scan_release(s);
    }

    u32 *order = lsan_mem_map((k->n_records + 1) * sizeof(u32));
    LSAN_CHECK(order);
    size_t n = 0;
    for (size_t i = 0; i < k->n_records; i++)
        if (!lsan_suppress_any() || !lsan_suppress_match(k->records[i].stack_id))
            order[n++] = (u32)i; /* a suppressed one was counted in the round that found it */
    struct lsan_report_check c = {.pid = sys_getpid(), .backend = s->backend};
    c.incomplete = lsan_scan_incomplete(s);
    lsan_report_check_build(&c, k, order, n);
    lsan_report_check_emit(&c);
    lsan_mem_unmap(order, (k->n_records + 1) * sizeof(u32));
    lsan_scan_release(s);
    return n ? 1 : 0;
}

/* tries=N, as LSan's: N whole checks one after the other, each with its own
 * report; leaks count only if every try found some (a leak that one try does
 * not see was a stale pointer's doing, or is gone). Returns 1, 0 or -1 (a
 * try failed). Suppression counts add up over the tries. */
static int check_and_report(uptr caller_sp)
{
    /* in leaksan's own state: the values it holds while marking must not be
     * found again as roots when leaksan's globals are scanned */
    static struct lsan_scan scan __attribute__((section("lsan_state")));
    int tries = lsan_flags.tries > 0 ? lsan_flags.tries : 1, leaking = 0, result = 0;
    struct lsan_sigpipe_guard guard; /* the symbolizer's pipe too */
    lsan_sigpipe_block(&guard);
    lsan_mutex_lock(&check_mu);
    lsan_suppress_reset_counts();
    for (int i = 0; i < tries; i++) {
        struct id_set roots = {0}; /* each try starts from scratch */
        int r = check_once(&scan, caller_sp, &roots);
        if (roots.ids)
            lsan_mem_unmap(roots.ids, roots.cap * sizeof(u32));
        if (r < 0) {
            result = -1;
            break;
        }
        leaking += r;
    }
    if (result == 0)
        result = leaking == tries;
    lsan_mutex_unlock(&check_mu);
    lsan_sigpipe_restore(&guard);
    return result;
}

/* The check runs on a stack of leaksan's own: the caller may be a thread
 * with the smallest stack there is, or deep in its own, and the check needs
 * tens of KiB. The caller's stack is still scanned from caller_sp up. */
#define CHECK_STACK_SIZE (1ul << 20)

struct check_call {
    uptr caller_sp;
    int result;
};

static void check_on_own_stack(void *p)
{
    struct check_call *c = p;
    c->result = check_and_report(c->caller_sp);
}

static int check_and_report_own_stack(uptr caller_sp)
{
    struct check_call c = {caller_sp, 0};
    if (lsan_own_stack_call(check_on_own_stack, &c, CHECK_STACK_SIZE))
        check_on_own_stack(&c); /* no memory for a stack: try on this one */
    return c.result;
}

static bool turned_off(void)
{
    return !lsan_flags.detect_leaks || (__lsan_is_turned_off && __lsan_is_turned_off());
}

/* Ends the process after a fatal check found leaks; the program's buffered
 * output is flushed first so a leak never swallows what it printed. */
static __attribute__((noreturn)) void die_with_leaks(void)
{
    fflush(NULL);
    lsan_check_die(lsan_flags.exitcode);
}

void lsan_leak_check_fatal(uptr caller_sp)
{
    if (__atomic_exchange_n(&fatal_check_done, true, __ATOMIC_ACQ_REL))
        return;
    if (turned_off())
        return;
    int r = check_and_report_own_stack(caller_sp);
    if (r > 0 && lsan_flags.exitcode)
        die_with_leaks();
    if (r < 0) {
        fflush(NULL);
        lsan_check_die(1);
    }
}

int lsan_leak_check_recoverable(uptr caller_sp)
{
    if (turned_off())
        return 0;
    return check_and_report_own_stack(caller_sp); /* 1, 0, or -1: failed */
}

LSAN_NOINLINE void lsan_leak_check_at_exit(void)
{
    __builtin_unwind_init();
    uptr sp;
    __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
    if (!lsan_flags.leak_check_at_exit)
        return;
    lsan_leak_check_fatal(sp);
}
