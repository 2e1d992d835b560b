/* The roots of a check, pushed to the marker in a fixed order while the
 * world is stopped: coroutine stacks in the heap first, globals, each
 * thread's stack, registers and TLS, thread arguments, root regions; after
 * the first flood, the chunks that are roots themselves. Runs on the tracer:
 * no libc, no locks, no TLS, no malloc (lsan_roots_prepare maps its table
 * before the stop). */
#include "runtime/roots.h"

#include <sys/mman.h>

#include "platform/maps.h"
#include "platform/tls.h"
#include "runtime/depot.h"
#include "platform/fmt.h"
#include "platform/mem.h"
#include "runtime/threads.h"

static u32 tid_hash(int tid, size_t size) { return ((u32)tid * 2654435761u) & (u32)(size - 1); }

/* The registry's running threads, hashed by kernel tid, so the stopped world
 * finds each thread's record in O(1). */
static int hash_threads(struct lsan_roots *rs)
{
    size_t n = 0;
    for (const struct lsan_thread *r = lsan_threads_first_locked(); r; r = r->next)
        n += lsan_threads_scannable(r);
    size_t size = 16;
    while (size < 2 * n)
        size *= 2;
    rs->by_tid = lsan_mem_map(size * sizeof(*rs->by_tid));
    if (!rs->by_tid)
        return lsan_mark_map_failed("thread table", size * sizeof(*rs->by_tid));
    rs->by_tid_size = size;
    for (const struct lsan_thread *r = lsan_threads_first_locked(); r; r = r->next) {
        if (!lsan_threads_scannable(r))
            continue;
        u32 i = tid_hash(r->os_tid, size);
        while (rs->by_tid[i])
            i = (i + 1) & (u32)(size - 1);
        rs->by_tid[i] = r;
    }
    return 0;
}

/* The record of stopped thread t: the one with its tid and, where both are
 * known, its thread pointer. A record whose thread finished unjoined keeps
 * its tid, which the kernel may have given to a thread leaksan did not
 * create (raw clone): that thread's fs base tells them apart. */
static const struct lsan_thread *record_of(struct lsan_roots *rs, const struct lsan_stw_thread *t)
{
    int tid = t->tid;
    for (u32 i = tid_hash(tid, rs->by_tid_size); rs->by_tid[i];
         i = (i + 1) & (u32)(rs->by_tid_size - 1)) {
        const struct lsan_thread *r = rs->by_tid[i];
        if (r->os_tid == tid && (!t->tp || !r->tp || t->tp == r->tp))
            return r;
    }
    return NULL;
}

int lsan_roots_prepare(struct lsan_roots *r) { return hash_threads(r); }

void lsan_roots_release(struct lsan_roots *r)
{
    if (r->by_tid)
        lsan_mem_unmap(r->by_tid, r->by_tid_size * sizeof(*r->by_tid));
    r->by_tid = NULL;
    r->by_tid_size = 0;
}

static void scan_root_range(struct lsan_mark *m, const char *what, uptr beg, uptr end)
{
    for (uptr b = beg, e; lsan_mark_readable_piece(m, &b, end, &e, what, beg, end, 2); b = e)
        lsan_mark_range_stopped(m, b, e);
}

static void scan_root(struct lsan_roots *rs, struct lsan_mark *m, const char *what, uptr beg,
                      uptr end)
{
    if (m->log_pointers)
        lsan_mark_log("leaksan: scanning %s [0x%lx, 0x%lx)\n", what, beg, end);
    /* leaksan's own state is never a root */
    if (beg < rs->own.end && end > rs->own.beg) {
        scan_root_range(m, what, beg, rs->own.beg);
        scan_root_range(m, what, rs->own.end, end);
    } else {
        scan_root_range(m, what, beg, end);
    }
    /* log each pointer under the range it was found in */
    if (m->log_pointers)
        lsan_mark_drain_stopped(m);
}

/* ---- thread roots ---- */

struct maps_ctx {
    struct lsan_roots *rs;
    struct lsan_mark *m;
    const struct lsan_stw_world *w;
};

/* A thread whose sp is in the heap runs on a coroutine stack from malloc or
 * new[]: that block is the live stack. It is reachable, and its frames,
 * from sp to the block's end, are scanned; never the chunks around it, nor
 * the dead frames below sp. This runs before any other root, so that a
 * pointer into the block (sp in a register, a saved context in a global)
 * finds it reached already and does not queue the whole block. */
static void heap_stack(struct lsan_roots *rs, struct lsan_mark *m, const char *what, int tid,
                       uptr sp)
{
    struct lsan_chunk h;
    if (!lsan_chunk_lookup(sp, &h)) {
        if (rs->log_threads)
            lsan_mark_log(
                "leaksan: thread %d: sp 0x%lx is in the heap but in no live block: its %s is "
                "not scanned\n",
                tid, sp, what);
        return;
    }
    lsan_mark_set(m, &h, LSAN_MARK_REACHED); /* reached, not queued */
    uptr lo = sp - 128 >= h.beg && sp - 128 < sp ? sp - 128 : h.beg, hi = h.beg + h.size;
    if (rs->log_threads)
        lsan_mark_log("leaksan: thread %d: sp 0x%lx in heap block [0x%lx, 0x%lx): scanning its %s "
                      "[0x%lx, 0x%lx)\n",
                      tid, sp, h.beg, hi, what, lo, hi);
    if (m->log_pointers)
        lsan_mark_log("leaksan: scanning %s [0x%lx, 0x%lx)\n", what, lo, hi);
    for (uptr b = lo, e; lsan_mark_chunk_piece(m, h.beg, &b, hi, &e, true); b = e)
        lsan_mark_range_stopped(m, b, e);
    if (m->log_pointers)
        lsan_mark_drain_stopped(m);
}

/* The stack pointer a thread's stack is scanned from, or 0. */
static uptr thread_sp(const struct lsan_roots *rs, const struct lsan_stw_thread *t)
{
    if (t->tid == rs->caller_tid && rs->caller_sp)
        return rs->caller_sp;
    return t->status == LSAN_STW_STOPPED ? t->sp : 0;
}

static void heap_stacks(struct lsan_roots *rs, struct lsan_mark *m, const struct lsan_stw_world *w)
{
    if (!rs->use_stacks)
        return;
    for (size_t i = 0; i < w->n_threads; i++) {
        const struct lsan_stw_thread *t = &w->threads[i];
        uptr sp = thread_sp(rs, t);
        const struct lsan_thread *r = record_of(rs, t);
        if (!r && !sp)
            sp = t->sp;
        if (sp && lsan_in_heap(sp) && !(r && sp >= r->stack_lo && sp < r->stack_hi))
            heap_stack(rs, m, r ? "current stack" : "stack of unknown thread", t->tid, sp);
    }
}

/* A stack a thread runs on that is not its registered one (a signal stack,
 * a coroutine's) or the stack of a thread leaksan did not create: from sp
 * to the end of the mapping holding it. A heap block was done by
 * heap_stacks. */
static void scan_current_stack(struct lsan_roots *rs, struct lsan_mark *m, const char *what,
                               uptr sp, uptr mlo, uptr mhi)
{
    if (lsan_in_heap(sp))
        return;
    if (!mhi && lsan_maps_find_mapping(sp, &mlo, &mhi))
        return;
    scan_root(rs, m, what, sp - 128 >= mlo && sp - 128 < sp ? sp - 128 : mlo, mhi);
}

/* Stacks of threads leaksan did not create: see scan_current_stack. */
static int unknown_cb(const struct lsan_mapping *map, void *arg)
{
    struct maps_ctx *x = arg;
    for (size_t i = 0; i < x->w->n_threads; i++) {
        const struct lsan_stw_thread *t = &x->w->threads[i];
        if (record_of(x->rs, t))
            continue;
        /* thread_sp: the caller's stack is the one caller_sp is on (the
         * check runs on a stack of leaksan's own) */
        uptr sp = thread_sp(x->rs, t);
        if (!sp)
            sp = t->sp;
        if (x->rs->use_stacks && sp && sp >= map->lo && sp < map->hi && (map->prot & PROT_READ)) {
            if (x->rs->log_threads)
                lsan_mark_log(
                    "leaksan: thread %d (not created through pthread_create): sp 0x%lx in "
                    "[0x%lx, 0x%lx)\n",
                    t->tid, sp, map->lo, map->hi);
            scan_current_stack(x->rs, x->m, "stack of unknown thread", sp, map->lo, map->hi);
        }
    }
    return 0;
}

/* Roots of a registry record that are not memory ranges. */
static void record_values(struct lsan_roots *rs, struct lsan_mark *m, const struct lsan_thread *r)
{
    if (r->start_arg)
        lsan_mark_value_stopped(m, r->start_arg);
    if (r->retval)
        lsan_mark_value_stopped(m, r->retval);
}

static void thread_roots(struct lsan_roots *rs, struct lsan_mark *m, const struct lsan_stw_world *w)
{
    for (size_t i = 0; i < w->n_threads; i++) {
        const struct lsan_stw_thread *t = &w->threads[i];
        const struct lsan_thread *r = record_of(rs, t);
        if (!r)
            rs->n_unknown_threads++;
        /* a thread that is neither registered nor has a stack pointer cannot
         * be scanned: the result would be wrong, so the check must fail */
        if (!r && !t->sp && rs->use_stacks)
            rs->unscannable_tid = t->tid;
        if (r && rs->use_stacks) {
            uptr sp = thread_sp(rs, t);
            uptr lo = r->stack_lo, hi = r->stack_hi;
            if (!sp) {
                scan_root(rs, m, "whole stack", lo, hi);
            } else if (sp >= lo && sp < hi) {
                scan_root(rs, m, "stack", sp - 128 >= lo ? sp - 128 : lo, hi);
            } else {
                /* on another stack (coroutine, signal stack): the registered
                 * one holds the frames below the switch, so scan both */
                scan_root(rs, m, "registered stack", lo, hi);
                scan_current_stack(rs, m, "current stack", sp, 0, 0);
            }
            if (rs->log_threads)
                lsan_mark_log("leaksan: thread T%u (tid %d): sp 0x%lx, stack [0x%lx, 0x%lx)\n",
                              r->uid, t->tid, sp, lo, hi);
        }
        /* the register buffer is the backend's: readable, maybe newer than the table */
        if (rs->use_registers && t->regs && t->status == LSAN_STW_STOPPED) {
            if (m->log_pointers)
                lsan_mark_log("leaksan: scanning registers of thread %d\n", t->tid);
            lsan_mark_range_stopped(m, (uptr)t->regs, (uptr)t->regs + t->regs_size);
            if (m->log_pointers)
                lsan_mark_drain_stopped(m);
        }
        if (r && rs->use_tls) {
            scan_root(rs, m, "static TLS", r->tls_lo, r->tls_hi);
            uptr dlo, dhi;
            lsan_tls_dtv_range_stopped(r->tp, &dlo, &dhi);
            if (dhi > dlo)
                scan_root(rs, m, "DTV", dlo, dhi);
        }
    }
    if (rs->n_unknown_threads) {
        struct maps_ctx x = {rs, m, w};
        lsan_maps_each(unknown_cb, &x);
    }
    /* start arguments of threads not yet running, return values not yet joined */
    for (const struct lsan_thread *r = lsan_threads_first_locked(); r; r = r->next)
        if (r->state != LSAN_THREAD_FREE)
            record_values(rs, m, r);
}

/* Root regions: only the parts that are mapped and readable. */
static int region_cb(const struct lsan_mapping *map, void *arg)
{
    struct maps_ctx *x = arg;
    if (!(map->prot & PROT_READ))
        return 0;
    for (size_t i = 0; i < x->rs->n_root_regions; i++) {
        uptr b = x->rs->root_regions[i].beg, e = x->rs->root_regions[i].end;
        uptr lo = b > map->lo ? b : map->lo, hi = e < map->hi ? e : map->hi;
        if (lo < hi)
            scan_root(x->rs, x->m, "root region", lo, hi);
    }
    return 0;
}

static bool stack_is_root(struct lsan_roots *rs, u32 stack_id)
{
    size_t lo = 0, hi = rs->n_root_stacks;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (rs->root_stacks[mid] == stack_id)
            return true;
        if (rs->root_stacks[mid] < stack_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (rs->use_ld_allocations && rs->ld_hi) {
        u32 n;
        const uptr *pcs = lsan_depot_get(stack_id, &n);
        if (n > 1 && pcs[1] >= rs->ld_lo && pcs[1] < rs->ld_hi)
            return true;
    }
    return false;
}

/* Is h a thread's DTV, allocated by the loader (allocate_dtv, or
 * _dl_resize_dtv)? Its first slot holds the number of slots after the two
 * header slots, so its size is 16 * (that number + 2): glibc keeps the DTV
 * of every stack it caches after a join, referenced from the cached thread
 * descriptor, memory no root range covers. LSan never reports it either: it
 * ignores everything allocated inside pthread_create. */
static bool is_dtv(struct lsan_roots *rs, struct lsan_mark *m, const struct lsan_chunk *h)
{
    uptr b = h->beg, e;
    if (h->size < 32 || h->size % 16 ||
        !lsan_mark_chunk_piece(m, h->beg, &b, h->beg + h->size, &e, false) || b != h->beg)
        return false;
    if (*(const uptr *)h->beg != h->size / 16 - 2)
        return false;
    u32 n;
    const uptr *pcs = lsan_depot_get(h->stack_id, &n);
    return n > 1 && pcs[1] >= rs->ld_lo && pcs[1] < rs->ld_hi;
}

static void root_if_special(struct lsan_mark *m, const struct lsan_chunk *h, void *arg)
{
    struct lsan_roots *rs = arg;
    if (h->ignored || stack_is_root(rs, h->stack_id)) {
        lsan_mark_set(m, h, LSAN_MARK_REACHED);
        lsan_mark_push(m, h->beg, h->size);
    } else if (!rs->use_ld_allocations && rs->ld_hi && is_dtv(rs, m, h)) {
        /* with use_ld_allocations=0 the loader's blocks are no roots, but
         * a DTV is no leak; what it points to (dynamic TLS blocks) is a
         * root only if TLS is */
        lsan_mark_set(m, h, LSAN_MARK_REACHED);
        if (rs->use_tls)
            lsan_mark_push(m, h->beg, h->size);
    }
}


void lsan_roots_push_stopped(struct lsan_roots *rs, struct lsan_mark *m,
                             const struct lsan_stw_world *w)
{
    rs->n_threads = w->n_threads;
    heap_stacks(rs, m, w);
    if (rs->use_globals)
        for (size_t i = 0; i < rs->n_globals; i++)
            scan_root(rs, m, "globals", rs->globals[i].beg, rs->globals[i].end);
    thread_roots(rs, m, w);
    if (rs->use_root_regions && rs->n_root_regions) {
        struct maps_ctx x = {rs, m, w};
        lsan_maps_each(region_cb, &x);
    }
}

void lsan_roots_push_chunks_stopped(struct lsan_roots *rs, struct lsan_mark *m)
{
    m->cache_beg = m->cache_end = 0;
    lsan_mark_for_each_unmarked_stopped(m, root_if_special, rs);
}
