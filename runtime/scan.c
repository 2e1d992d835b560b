/* Marking while the world is stopped. Roots are pushed in a fixed order
 * (coroutine stacks in the heap, globals, threads: stacks, registers, TLS,
 * thread arguments; root regions, ignored chunks, loader allocations,
 * suppressed stacks); then classify.c sorts every unreached chunk into
 * direct and indirect leaks. Runs on the tracer: no libc, no locks, no TLS,
 * no malloc. */
#include "runtime/scan.h"

#include <sys/mman.h>

#include "platform/maps.h"
#include "platform/tls.h"
#include "runtime/classify.h"
#include "runtime/depot.h"
#include "runtime/flags.h"
#include "platform/fmt.h"
#include "runtime/threads.h"

static void *map_noreserve(size_t size)
{
    long r = sys_mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                      -1, 0);
    return sys_is_err(r) ? NULL : (void *)r;
}

/* The tables are sized from the chunks carved when the world stops (the
 * allocator is locked, so no chunk appears meanwhile): a chunk is queued at
 * most once per flood (its mark or seen bit is set when it is), is at most
 * one leaked object, and adds at most one record. */
#define RECORD_CAP (1ul << 22)

static int count_cb(const struct lsan_mapping *m, void *arg)
{
    (void)m;
    ++*(size_t *)arg;
    return 0;
}

/* Says which table could not be mapped; the caller reports the failed check. */
static int map_failed(const char *what, uptr bytes)
{
    lsan_eprintf("==%ld==leaksan: cannot map %lu bytes for the scanner's %s (out of address "
                 "space or memory: check ulimit -v and vm.overcommit_memory)\n",
                 sys_getpid(), bytes, what);
    return -12;
}

static u32 tid_hash(int tid, size_t size) { return ((u32)tid * 2654435761u) & (u32)(size - 1); }

/* The registry's running threads, hashed by kernel tid, so the stopped world
 * finds each thread's record in O(1). */
static int hash_threads(struct lsan_scan *s)
{
    size_t n = 0;
    for (const struct lsan_thread *r = lsan_threads_first_locked(); r; r = r->next)
        n += lsan_threads_scannable(r);
    size_t size = 16;
    while (size < 2 * n)
        size *= 2;
    s->by_tid = lsan_map(size * sizeof(*s->by_tid));
    if (!s->by_tid)
        return map_failed("thread table", size * sizeof(*s->by_tid));
    s->by_tid_size = size;
    for (const struct lsan_thread *r = lsan_threads_first_locked(); r; r = r->next) {
        if (!lsan_threads_scannable(r))
            continue;
        u32 i = tid_hash(r->os_tid, size);
        while (s->by_tid[i])
            i = (i + 1) & (u32)(size - 1);
        s->by_tid[i] = r;
    }
    return 0;
}

/* The record of stopped thread t: the one with its tid and, where both are
 * known, its thread pointer. A record whose thread finished unjoined keeps
 * its tid, which the kernel may have given to a thread leaksan did not
 * create (raw clone): that thread's fs base tells them apart. */
static const struct lsan_thread *record_of(struct lsan_scan *s, const struct lsan_stw_thread *t)
{
    int tid = t->tid;
    for (u32 i = tid_hash(tid, s->by_tid_size); s->by_tid[i]; i = (i + 1) & (u32)(s->by_tid_size - 1)) {
        const struct lsan_thread *r = s->by_tid[i];
        if (r->os_tid == tid && (!t->tp || !r->tp || t->tp == r->tp))
            return r;
    }
    return NULL;
}

/* Maps every table; on failure the tables mapped so far stay in *s for
 * lsan_scan_release, which frees exactly those. */
int lsan_scan_prepare(struct lsan_scan *s)
{
    int rc = hash_threads(s);
    if (rc)
        return rc;
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        struct lsan_region *r = &lsan_primary.regions[c];
        if (!r->n_slots)
            continue;
        uptr words = ((uptr)r->n_slots + 63) / 64;
        s->bits[c] = lsan_map(words * 8 * 3);
        if (!s->bits[c])
            return map_failed("mark bitmaps", words * 8 * 3);
        s->n_slots[c] = r->n_slots;
    }
    s->large_state = lsan_map(lsan_large.n_descs + 1);
    if (!s->large_state)
        return map_failed("large chunk states", lsan_large.n_descs + 1);
    s->n_large = lsan_large.n_descs;
    /* chunk ids: large descriptors first, then each class's slots */
    uptr chunks = s->n_large;
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        s->id_base[c] = (u32)chunks;
        chunks += s->n_slots[c];
    }
    if (chunks >= UINT32_MAX)
        return map_failed("chunk numbers (more than 2^32 chunks)", chunks);
    chunks++;
    uptr records = chunks < RECORD_CAP ? chunks : RECORD_CAP, hash = 16;
    while (hash < 2 * records + 2)
        hash *= 2;
    s->work = map_noreserve(chunks * sizeof(uptr) * 2);
    if (!s->work)
        return map_failed("work list", chunks * sizeof(uptr) * 2);
    s->cap_work = chunks;
    s->records = map_noreserve(records * sizeof(struct lsan_leak_record));
    if (!s->records)
        return map_failed("leak records", records * sizeof(struct lsan_leak_record));
    s->cap_records = records;
    s->rec_hash = map_noreserve(hash * sizeof(u32));
    if (!s->rec_hash)
        return map_failed("record hash", hash * sizeof(u32));
    s->hash_cap = hash;
    s->objects = map_noreserve(chunks * sizeof(struct lsan_leaked_object));
    if (!s->objects)
        return map_failed("leaked object list", chunks * sizeof(struct lsan_leaked_object));
    s->cap_objects = chunks;
    s->n_ids = chunks; /* the size of frames and scc_num, whichever is mapped */
    s->frames = map_noreserve(chunks * sizeof(*s->frames));
    if (!s->frames)
        return map_failed("component search stack", chunks * sizeof(*s->frames));
    s->scc_num = map_noreserve(chunks * sizeof(u32));
    if (!s->scc_num)
        return map_failed("component numbers", chunks * sizeof(u32));
    /* the readable table: as many entries as mappings now, and some to spare */
    size_t n_maps = 0;
    if (lsan_maps_each(count_cb, &n_maps) == 0) {
        size_t cap = n_maps + 256;
        s->readable = lsan_map(cap * sizeof(struct lsan_range));
        if (!s->readable)
            return map_failed("readable memory table", cap * sizeof(struct lsan_range));
        s->cap_readable = cap;
    }
    s->verbosity = lsan_flags.verbosity;
    return 0;
}

/* Safe on a half-prepared scan and idempotent: each table is unmapped only
 * if it was mapped, with the size recorded when it was, then forgotten. */
void lsan_scan_release(struct lsan_scan *s)
{
    if (s->by_tid)
        lsan_unmap(s->by_tid, s->by_tid_size * sizeof(*s->by_tid));
    s->by_tid = NULL;
    s->by_tid_size = 0;
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        if (s->bits[c])
            lsan_unmap(s->bits[c], ((uptr)s->n_slots[c] + 63) / 64 * 8 * 3);
        s->bits[c] = NULL;
        s->n_slots[c] = 0;
    }
    if (s->large_state)
        lsan_unmap(s->large_state, s->n_large + 1);
    s->large_state = NULL;
    s->n_large = 0;
    if (s->work)
        sys_munmap(s->work, s->cap_work * sizeof(uptr) * 2);
    s->work = NULL;
    s->cap_work = s->n_work = 0;
    if (s->records)
        sys_munmap(s->records, s->cap_records * sizeof(struct lsan_leak_record));
    s->records = NULL;
    s->cap_records = s->n_records = 0;
    if (s->rec_hash)
        sys_munmap(s->rec_hash, s->hash_cap * sizeof(u32));
    s->rec_hash = NULL;
    s->hash_cap = 0;
    if (s->objects)
        sys_munmap(s->objects, s->cap_objects * sizeof(struct lsan_leaked_object));
    s->objects = NULL;
    s->cap_objects = s->n_objects = 0;
    if (s->frames)
        sys_munmap(s->frames, s->n_ids * sizeof(*s->frames));
    s->frames = NULL;
    if (s->scc_num)
        sys_munmap(s->scc_num, s->n_ids * sizeof(u32));
    s->scc_num = NULL;
    s->n_ids = 0;
    s->scc_counter = 0;
    if (s->readable)
        lsan_unmap(s->readable, s->cap_readable * sizeof(struct lsan_range));
    s->readable = NULL;
    s->cap_readable = s->n_readable = s->readable_dropped = 0;
}

/* ---- logging while stopped: straight to stderr, no locks ---- */
void lsan_scan_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lsan_vfdprintf(2, fmt, ap);
    va_end(ap);
}

/* Decides a candidate pointer v into slot idx of class c: marks and queues
 * the chunk if it is live, unmarked, and v lies inside it. The mark bit (a
 * compact bitmap) is tested before the chunk's metadata is touched. */
static inline void mark_slot(struct lsan_scan *s, uptr v, u32 c, u64 idx)
{
    struct lsan_region *r = &lsan_primary.regions[c];
    u64 *w = &s->bits[c][idx >> 6], bit = 1ul << (idx & 63);
    if (*w & bit)
        return;
    u32 word = r->meta[idx].word;
    if (!(word & LSAN_META_LIVE))
        return;
    uptr beg = r->beg + idx * r->size, size = word & LSAN_META_SIZE_MASK;
    if (!lsan_points_into(v, beg, size))
        return;
    *w |= bit;
    if (LSAN_UNLIKELY(s->log_pointers))
        lsan_scan_log("leaksan: pointer 0x%lx -> chunk [0x%lx, 0x%lx)\n", v, beg, beg + size);
    lsan_scan_push(s, beg, size);
}

/* Decides the oldest waiting candidate. */
static inline void decide_oldest(struct lsan_scan *s)
{
    unsigned i = s->cand_head;
    s->cand_head = (i + 1) % LSAN_SCAN_CANDIDATES;
    s->cand_n--;
    mark_slot(s, s->cand_v[i], s->cand_cls[i], s->cand_idx[i]);
}

static void drain_candidates(struct lsan_scan *s)
{
    while (s->cand_n)
        decide_oldest(s);
}

/* Marks the chunk v points into as reachable and queues it. A pointer into
 * the primary space to a chunk not marked yet becomes a candidate: its
 * metadata is prefetched now and decided a few candidates later, so the
 * cache misses of consecutive pointers overlap. */
/* The large-chunk half of mark_value, out of line: rare, and bulky. */
static LSAN_NOINLINE void mark_large(struct lsan_scan *s, uptr v)
{
    if (v - s->cache_beg < s->cache_end - s->cache_beg)
        return; /* inside the large chunk marked last: nothing new */
    struct lsan_hit h;
    if (!lsan_scan_find_chunk(s, v, &h) || lsan_hit_test(s, &h, LSAN_SCAN_MARK))
        return;
    lsan_hit_set(s, &h, LSAN_SCAN_MARK);
    if (LSAN_UNLIKELY(s->log_pointers))
        lsan_scan_log("leaksan: pointer 0x%lx -> chunk [0x%lx, 0x%lx)\n", v, h.beg, h.beg + h.size);
    lsan_scan_push(s, h.beg, h.size);
    s->cache_beg = h.beg;
    s->cache_end = h.beg + (h.size ? h.size : 1);
}


static LSAN_ALWAYS_INLINE void mark_value(struct lsan_scan *s, uptr v)
{
    uptr off = v - lsan_primary.space_beg;
    if (LSAN_LIKELY(off < LSAN_SPACE_SIZE)) {
        u32 c = (u32)(off >> LSAN_REGION_SHIFT);
        struct lsan_region *r = &lsan_primary.regions[c];
        u64 idx = (u64)(((unsigned __int128)(off & (LSAN_REGION_SIZE - 1)) * r->magic) >> 64);
        if (idx >= s->n_slots[c])
            return;
        /* the bitmap is small and mostly cached: a chunk already reached is
         * dismissed here, only new ones wait for their metadata */
        if (s->bits[c][idx >> 6] & (1ul << (idx & 63)))
            return;
        __builtin_prefetch(&r->meta[idx]);
        if (s->cand_n == LSAN_SCAN_CANDIDATES)
            decide_oldest(s);
        unsigned j = (s->cand_head + s->cand_n++) % LSAN_SCAN_CANDIDATES;
        s->cand_v[j] = v;
        s->cand_cls[j] = c;
        s->cand_idx[j] = idx;
        return;
    }
    mark_large(s, v);
}

static void scan_range(struct lsan_scan *s, uptr beg, uptr end)
{
    if (end <= beg)
        return;
    if (s->use_unaligned) {
        for (uptr p = beg; p + sizeof(uptr) <= end; p++) {
            uptr v;
            __builtin_memcpy(&v, (const void *)p, sizeof(v));
            mark_value(s, v);
        }
        return;
    }
    const uptr lo = lsan_primary.space_beg;
    const uptr *p = (const uptr *)lsan_round_up(beg, sizeof(uptr));
    const uptr *e = (const uptr *)lsan_round_down(end, sizeof(uptr));
    /* four words per branch: most words are no heap pointer */
    for (; e - p >= 4; p += 4) {
        uptr a = p[0] - lo, b = p[1] - lo, c = p[2] - lo, d = p[3] - lo;
        if (LSAN_LIKELY(((a < LSAN_HEAP_SIZE) | (b < LSAN_HEAP_SIZE) | (c < LSAN_HEAP_SIZE) |
                         (d < LSAN_HEAP_SIZE)) == 0))
            continue;
        for (int i = 0; i < 4; i++)
            if (p[i] - lo < LSAN_HEAP_SIZE)
                mark_value(s, p[i]);
    }
    for (; p < e; p++)
        if (*p - lo < LSAN_HEAP_SIZE)
            mark_value(s, *p);
}

/* ---- what can be read ----
 * The readable mappings, merged where they touch, are read from
 * /proc/thread-self/maps when the world has stopped (nothing maps or
 * protects memory then) into a table sized before the stop. Roots are
 * scanned only where readable: the unmapped low end of a main thread's
 * stack, a guard page. So are chunks of a page or more, which is where a
 * program can protect a page of its own (pugixml's test allocator guards
 * blocks that way); a smaller chunk shares its pages with its neighbours
 * and is read as it is, so the scan of small chunks costs nothing more. */

static int readable_cb(const struct lsan_mapping *m, void *arg)
{
    struct lsan_scan *s = arg;
    if (!(m->prot & PROT_READ))
        return 0;
    if (s->n_readable && s->readable[s->n_readable - 1].end == m->lo) {
        s->readable[s->n_readable - 1].end = m->hi;
        return 0;
    }
    if (s->n_readable == s->cap_readable) {
        s->readable_dropped++;
        return 0;
    }
    s->readable[s->n_readable].beg = m->lo;
    s->readable[s->n_readable].end = m->hi;
    s->n_readable++;
    return 0;
}

static void read_readable_stopped(struct lsan_scan *s)
{
    if (!s->cap_readable)
        return;
    int r = lsan_maps_each(readable_cb, s);
    if (r < 0 || !s->n_readable) {
        /* without the table everything is taken as readable, as before */
        lsan_scan_log(
            "leaksan: WARNING: cannot read /proc/thread-self/maps (errno %d): memory that "
            "cannot be read is not skipped\n",
            -r);
        s->n_readable = 0;
    } else if (s->readable_dropped) {
        lsan_scan_log(
            "leaksan: WARNING: %lu mappings appeared while the world was stopping; they are "
            "not scanned\n",
            (unsigned long)s->readable_dropped);
    }
}

/* Index of the first readable range that ends after p. */
static size_t readable_after(const struct lsan_scan *s, uptr p)
{
    size_t lo = 0, hi = s->n_readable;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->readable[mid].end <= p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Narrows [*b, end) to its first readable piece [*b, *e); false if none.
 * With what, says (at verbosity >= level) what it steps over. */
static bool readable_piece(struct lsan_scan *s, uptr *b, uptr end, uptr *e, const char *what,
                           uptr obeg, uptr oend, int level)
{
    uptr from = *b;
    if (from >= end)
        return false;
    if (!s->n_readable) {
        *e = end;
        return true;
    }
    size_t i = readable_after(s, from);
    uptr pb = end, pe = end;
    if (i < s->n_readable && s->readable[i].beg < end) {
        pb = s->readable[i].beg > from ? s->readable[i].beg : from;
        pe = s->readable[i].end < end ? s->readable[i].end : end;
    }
    if (pb > from && what && s->verbosity >= level)
        lsan_scan_log(
            "leaksan: skipping unreadable memory [0x%lx, 0x%lx) (%lu bytes) inside %s [0x%lx, "
            "0x%lx) of %lu bytes\n",
            from, pb, pb - from, what, obeg, oend, oend - obeg);
    *b = pb;
    *e = pe;
    return pb < pe;
}

/* Chunks of a page or more are scanned where readable; see above. */
bool lsan_scan_chunk_piece(struct lsan_scan *s, uptr beg, uptr *b, uptr end, uptr *e, bool log)
{
    if (end - beg < LSAN_PAGE) {
        *e = end;
        return *b < end;
    }
    return readable_piece(s, b, end, e, log ? "chunk" : NULL, beg, end, 1);
}

static void scan_root_range(struct lsan_scan *s, const char *what, uptr beg, uptr end)
{
    for (uptr b = beg, e; readable_piece(s, &b, end, &e, what, beg, end, 2); b = e)
        scan_range(s, b, e);
}

static void scan_root(struct lsan_scan *s, const char *what, uptr beg, uptr end)
{
    if (s->log_pointers)
        lsan_scan_log("leaksan: scanning %s [0x%lx, 0x%lx)\n", what, beg, end);
    /* leaksan's own state is never a root */
    if (beg < s->own.end && end > s->own.beg) {
        scan_root_range(s, what, beg, s->own.beg);
        scan_root_range(s, what, s->own.end, end);
    } else {
        scan_root_range(s, what, beg, end);
    }
    /* log each pointer under the range it was found in */
    if (s->log_pointers)
        drain_candidates(s);
}

/* Scans every queued chunk. Chunks pass through a small ring whose entries
 * are prefetched a few scans ahead: the flood is bound by cache misses on
 * chunk contents, and this overlaps them. */
static void flood(struct lsan_scan *s)
{
    enum { RING = 8 };
    uptr ring_beg[RING], ring_size[RING];
    unsigned head = 0, n = 0;
    for (;;) {
        while (n < RING && s->n_work) {
            s->n_work--;
            uptr beg = s->work[2 * s->n_work], size = s->work[2 * s->n_work + 1];
            __builtin_prefetch((const void *)beg);
            if (size > 64)
                __builtin_prefetch((const void *)(beg + 64));
            unsigned slot = (head + n++) % RING;
            ring_beg[slot] = beg;
            ring_size[slot] = size;
        }
        if (!n) {
            if (!s->cand_n)
                return;
            drain_candidates(s); /* may queue more work */
            continue;
        }
        uptr beg = ring_beg[head], size = ring_size[head];
        head = (head + 1) % RING;
        n--;
        if (LSAN_LIKELY(size < LSAN_PAGE)) {
            scan_range(s, beg, beg + size);
            continue;
        }
        for (uptr b = beg, e; lsan_scan_chunk_piece(s, beg, &b, beg + size, &e, true); b = e)
            scan_range(s, b, e);
    }
}

/* ---- thread roots ---- */

struct maps_ctx {
    struct lsan_scan *s;
    const struct lsan_stw_world *w;
};

/* A thread whose sp is in the heap runs on a coroutine stack from malloc or
 * new[]: that block is the live stack. It is reachable, and its frames,
 * from sp to the block's end, are scanned; never the chunks around it, nor
 * the dead frames below sp. This runs before any other root, so that a
 * pointer into the block (sp in a register, a saved context in a global)
 * finds it reached already and does not queue the whole block. */
static void heap_stack(struct lsan_scan *s, const char *what, int tid, uptr sp)
{
    struct lsan_hit h;
    if (!lsan_scan_find_chunk(s, sp, &h)) {
        if (s->log_threads)
            lsan_scan_log(
                "leaksan: thread %d: sp 0x%lx is in the heap but in no live block: its %s is "
                "not scanned\n",
                tid, sp, what);
        return;
    }
    lsan_hit_set(s, &h, LSAN_SCAN_MARK); /* reached, not queued */
    uptr lo = sp - 128 >= h.beg && sp - 128 < sp ? sp - 128 : h.beg, hi = h.beg + h.size;
    if (s->log_threads)
        lsan_scan_log("leaksan: thread %d: sp 0x%lx in heap block [0x%lx, 0x%lx): scanning its %s "
                      "[0x%lx, 0x%lx)\n",
                      tid, sp, h.beg, hi, what, lo, hi);
    if (s->log_pointers)
        lsan_scan_log("leaksan: scanning %s [0x%lx, 0x%lx)\n", what, lo, hi);
    for (uptr b = lo, e; lsan_scan_chunk_piece(s, h.beg, &b, hi, &e, true); b = e)
        scan_range(s, b, e);
    if (s->log_pointers)
        drain_candidates(s);
}

/* The stack pointer a thread's stack is scanned from, or 0. */
static uptr thread_sp(const struct lsan_scan *s, const struct lsan_stw_thread *t)
{
    if (t->tid == s->caller_tid && s->caller_sp)
        return s->caller_sp;
    return t->status == LSAN_STW_STOPPED ? t->sp : 0;
}

static void heap_stacks(struct lsan_scan *s, const struct lsan_stw_world *w)
{
    if (!s->use_stacks)
        return;
    for (size_t i = 0; i < w->n_threads; i++) {
        const struct lsan_stw_thread *t = &w->threads[i];
        uptr sp = thread_sp(s, t);
        const struct lsan_thread *r = record_of(s, t);
        if (!r && !sp)
            sp = t->sp;
        if (sp && lsan_in_heap(sp) && !(r && sp >= r->stack_lo && sp < r->stack_hi))
            heap_stack(s, r ? "current stack" : "stack of unknown thread", t->tid, sp);
    }
}

/* A stack a thread runs on that is not its registered one (a signal stack,
 * a coroutine's) or the stack of a thread leaksan did not create: from sp
 * to the end of the mapping holding it. A heap block was done by
 * heap_stacks. */
static void scan_current_stack(struct lsan_scan *s, const char *what, uptr sp, uptr mlo, uptr mhi)
{
    if (lsan_in_heap(sp))
        return;
    if (!mhi && lsan_maps_find_mapping(sp, &mlo, &mhi))
        return;
    scan_root(s, what, sp - 128 >= mlo && sp - 128 < sp ? sp - 128 : mlo, mhi);
}

/* Stacks of threads leaksan did not create: see scan_current_stack. */
static int unknown_cb(const struct lsan_mapping *m, void *arg)
{
    struct maps_ctx *x = arg;
    for (size_t i = 0; i < x->w->n_threads; i++) {
        const struct lsan_stw_thread *t = &x->w->threads[i];
        if (record_of(x->s, t))
            continue;
        /* thread_sp: the caller's stack is the one caller_sp is on (the
         * check runs on a stack of leaksan's own) */
        uptr sp = thread_sp(x->s, t);
        if (!sp)
            sp = t->sp;
        if (x->s->use_stacks && sp && sp >= m->lo && sp < m->hi && (m->prot & PROT_READ)) {
            if (x->s->log_threads)
                lsan_scan_log(
                    "leaksan: thread %d (not created through pthread_create): sp 0x%lx in "
                    "[0x%lx, 0x%lx)\n",
                    t->tid, sp, m->lo, m->hi);
            scan_current_stack(x->s, "stack of unknown thread", sp, m->lo, m->hi);
        }
    }
    return 0;
}

/* Roots of a registry record that are not memory ranges. */
static void record_values(struct lsan_scan *s, const struct lsan_thread *r)
{
    if (r->start_arg)
        mark_value(s, r->start_arg);
    if (r->retval)
        mark_value(s, r->retval);
}

static void thread_roots(struct lsan_scan *s, const struct lsan_stw_world *w)
{
    for (size_t i = 0; i < w->n_threads; i++) {
        const struct lsan_stw_thread *t = &w->threads[i];
        const struct lsan_thread *r = record_of(s, t);
        if (!r)
            s->n_unknown_threads++;
        /* a thread that is neither registered nor has a stack pointer cannot
         * be scanned: the result would be wrong, so the check must fail */
        if (!r && !t->sp && s->use_stacks)
            s->unscannable_tid = t->tid;
        if (r && s->use_stacks) {
            uptr sp = thread_sp(s, t);
            uptr lo = r->stack_lo, hi = r->stack_hi;
            if (!sp) {
                scan_root(s, "whole stack", lo, hi);
            } else if (sp >= lo && sp < hi) {
                scan_root(s, "stack", sp - 128 >= lo ? sp - 128 : lo, hi);
            } else {
                /* on another stack (coroutine, signal stack): the registered
                 * one holds the frames below the switch, so scan both */
                scan_root(s, "registered stack", lo, hi);
                scan_current_stack(s, "current stack", sp, 0, 0);
            }
            if (s->log_threads)
                lsan_scan_log("leaksan: thread T%u (tid %d): sp 0x%lx, stack [0x%lx, 0x%lx)\n",
                              r->uid, t->tid, sp, lo, hi);
        }
        /* the register buffer is the backend's: readable, maybe newer than the table */
        if (s->use_registers && t->regs && t->status == LSAN_STW_STOPPED) {
            if (s->log_pointers)
                lsan_scan_log("leaksan: scanning registers of thread %d\n", t->tid);
            scan_range(s, (uptr)t->regs, (uptr)t->regs + t->regs_size);
            if (s->log_pointers)
                drain_candidates(s);
        }
        if (r && s->use_tls) {
            scan_root(s, "static TLS", r->tls_lo, r->tls_hi);
            uptr dlo, dhi;
            lsan_tls_dtv_range_stopped(r->tp, &dlo, &dhi);
            if (dhi > dlo)
                scan_root(s, "DTV", dlo, dhi);
        }
    }
    if (s->n_unknown_threads) {
        struct maps_ctx x = {s, w};
        lsan_maps_each(unknown_cb, &x);
    }
    /* start arguments of threads not yet running, return values not yet joined */
    for (const struct lsan_thread *r = lsan_threads_first_locked(); r; r = r->next)
        if (r->state != LSAN_THREAD_FREE)
            record_values(s, r);
}

/* Root regions: only the parts that are mapped and readable. */
static int region_cb(const struct lsan_mapping *m, void *arg)
{
    struct lsan_scan *s = arg;
    if (!(m->prot & PROT_READ))
        return 0;
    for (size_t i = 0; i < s->n_root_regions; i++) {
        uptr b = s->root_regions[i].beg, e = s->root_regions[i].end;
        uptr lo = b > m->lo ? b : m->lo, hi = e < m->hi ? e : m->hi;
        if (lo < hi)
            scan_root(s, "root region", lo, hi);
    }
    return 0;
}

static bool stack_is_root(struct lsan_scan *s, u32 stack_id)
{
    size_t lo = 0, hi = s->n_root_stacks;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->root_stacks[mid] == stack_id)
            return true;
        if (s->root_stacks[mid] < stack_id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (s->use_ld_allocations && s->ld_hi) {
        u32 n;
        const uptr *pcs = lsan_depot_get(stack_id, &n);
        if (n > 1 && pcs[1] >= s->ld_lo && pcs[1] < s->ld_hi)
            return true;
    }
    return false;
}

void lsan_scan_for_each_unmarked(struct lsan_scan *s, lsan_unmarked_fn fn)
{
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        if (!s->n_slots[c])
            continue;
        struct lsan_region *r = &lsan_primary.regions[c];
        u64 *mark = lsan_scan_bitmap(s, c, LSAN_SCAN_MARK);
        u32 words = (s->n_slots[c] + 63) / 64;
        for (u32 w = 0; w < words; w++) {
            u64 bits = r->live[w] & ~mark[w];
            while (bits) {
                u32 idx = w * 64 + (u32)__builtin_ctzl(bits);
                bits &= bits - 1;
                if (idx >= s->n_slots[c])
                    break;
                u32 word = r->meta[idx].word;
                if (!(word & LSAN_META_LIVE))
                    continue;
                struct lsan_hit h = {
                    r->beg + (uptr)idx * r->size, word & LSAN_META_SIZE_MASK,     c, idx,
                    r->meta[idx].stack_id,        (word & LSAN_META_IGNORED) != 0};
                fn(s, &h);
            }
        }
    }
    for (u32 i = 0; i < lsan_large.n_live; i++) {
        u32 d = lsan_large.live[i];
        struct lsan_large_chunk *l = &lsan_large.descs[d];
        if (d >= s->n_large || !(l->flags & LSAN_META_LIVE) ||
            (s->large_state[d] & LSAN_SCAN_L_MARK))
            continue;
        struct lsan_hit h = {l->beg, l->size,     0,
                             d,      l->stack_id, (l->flags & LSAN_META_IGNORED) != 0};
        fn(s, &h);
    }
}

/* Is h a thread's DTV, allocated by the loader (allocate_dtv, or
 * _dl_resize_dtv)? Its first slot holds the number of slots after the two
 * header slots, so its size is 16 * (that number + 2): glibc keeps the DTV
 * of every stack it caches after a join, referenced from the cached thread
 * descriptor, memory no root range covers. LSan never reports it either: it
 * ignores everything allocated inside pthread_create. */
static bool is_dtv(struct lsan_scan *s, const struct lsan_hit *h)
{
    uptr b = h->beg, e;
    if (h->size < 32 || h->size % 16 ||
        !lsan_scan_chunk_piece(s, h->beg, &b, h->beg + h->size, &e, false) || b != h->beg)
        return false;
    if (*(const uptr *)h->beg != h->size / 16 - 2)
        return false;
    u32 n;
    const uptr *pcs = lsan_depot_get(h->stack_id, &n);
    return n > 1 && pcs[1] >= s->ld_lo && pcs[1] < s->ld_hi;
}

static void root_if_special(struct lsan_scan *s, struct lsan_hit *h)
{
    if (h->ignored || stack_is_root(s, h->stack_id)) {
        lsan_hit_set(s, h, LSAN_SCAN_MARK);
        lsan_scan_push(s, h->beg, h->size);
    } else if (!s->use_ld_allocations && s->ld_hi && is_dtv(s, h)) {
        /* with use_ld_allocations=0 the loader's blocks are no roots, but
         * a DTV is no leak; what it points to (dynamic TLS blocks) is a
         * root only if TLS is */
        lsan_hit_set(s, h, LSAN_SCAN_MARK);
        if (s->use_tls)
            lsan_scan_push(s, h->beg, h->size);
    }
}

void lsan_scan_stopped(const struct lsan_stw_world *w, void *arg)
{
    struct lsan_scan *s = arg;
    s->n_threads = w->n_threads;
    read_readable_stopped(s);
    heap_stacks(s, w);
    if (s->use_globals)
        for (size_t i = 0; i < s->n_globals; i++)
            scan_root(s, "globals", s->globals[i].beg, s->globals[i].end);
    thread_roots(s, w);
    if (s->use_root_regions && s->n_root_regions)
        lsan_maps_each(region_cb, s);
    flood(s);
    s->cache_beg = s->cache_end = 0;
    lsan_scan_for_each_unmarked(s, root_if_special);
    flood(s);
    lsan_classify_stopped(s);
    s->ran = true;
}
