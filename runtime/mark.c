/* Marking while the world is stopped: the flood fill from the roots that
 * roots.c pushes, through the mark bits and the work list this file owns,
 * reading memory only where the readable table says it can. Runs on the
 * tracer: no libc, no locks, no TLS, no malloc; lsan_mark_prepare maps every
 * table before the stop. */
#include "runtime/mark.h"

#include <stdarg.h>
#include <sys/mman.h>

#include "platform/bits.h"
#include "platform/maps.h"
#include "platform/fmt.h"
#include "platform/mem.h"

void *lsan_mark_map_noreserve(size_t size)
{
    long r = sys_mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                      -1, 0);
    return sys_is_err(r) ? NULL : (void *)r;
}

static int count_cb(const struct lsan_mapping *m, void *arg)
{
    (void)m;
    ++*(size_t *)arg;
    return 0;
}

/* Says which table could not be mapped; the caller reports the failed check. */
int lsan_mark_map_failed(const char *what, uptr bytes)
{
    lsan_fmt_eprintf("==%ld==leaksan: cannot map %lu bytes for the scanner's %s (out of address "
                     "space or memory: check ulimit -v and vm.overcommit_memory)\n",
                     sys_getpid(), bytes, what);
    return -12;
}

int lsan_mark_prepare(struct lsan_mark *m)
{
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        struct lsan_region *r = &lsan_primary.regions[c];
        if (!r->n_slots)
            continue;
        uptr words = ((uptr)r->n_slots + 63) / 64;
        m->bits[c] = lsan_mem_map(words * 8 * 3);
        if (!m->bits[c])
            return lsan_mark_map_failed("mark bitmaps", words * 8 * 3);
        m->n_slots[c] = r->n_slots;
    }
    m->large_state = lsan_mem_map(lsan_large.n_descs + 1);
    if (!m->large_state)
        return lsan_mark_map_failed("large chunk states", lsan_large.n_descs + 1);
    m->n_large = lsan_large.n_descs;
    /* a chunk is queued at most once per flood: its mark or seen bit is set
     * when it is */
    uptr chunks = lsan_mark_chunks(m);
    if (chunks >= UINT32_MAX)
        return lsan_mark_map_failed("chunk numbers (more than 2^32 chunks)", chunks);
    chunks++;
    m->work = lsan_mark_map_noreserve(chunks * sizeof(uptr) * 2);
    if (!m->work)
        return lsan_mark_map_failed("work list", chunks * sizeof(uptr) * 2);
    m->cap_work = chunks;
    return 0;
}

uptr lsan_mark_chunks(const struct lsan_mark *m)
{
    uptr chunks = m->n_large;
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++)
        chunks += m->n_slots[c];
    return chunks;
}

/* As many entries as mappings now, and some to spare. */
int lsan_mark_prepare_readable(struct lsan_mark *m)
{
    size_t n_maps = 0;
    if (lsan_maps_each(count_cb, &n_maps) == 0) {
        size_t cap = n_maps + 256;
        m->readable = lsan_mem_map(cap * sizeof(struct lsan_range));
        if (!m->readable)
            return lsan_mark_map_failed("readable memory table", cap * sizeof(struct lsan_range));
        m->cap_readable = cap;
    }
    return 0;
}

/* Each table is unmapped only if it was mapped, with the size recorded when
 * it was, then forgotten. */
void lsan_mark_release(struct lsan_mark *m)
{
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        if (m->bits[c])
            lsan_mem_unmap(m->bits[c], ((uptr)m->n_slots[c] + 63) / 64 * 8 * 3);
        m->bits[c] = NULL;
        m->n_slots[c] = 0;
    }
    if (m->large_state)
        lsan_mem_unmap(m->large_state, m->n_large + 1);
    m->large_state = NULL;
    m->n_large = 0;
    if (m->work)
        sys_munmap(m->work, m->cap_work * sizeof(uptr) * 2);
    m->work = NULL;
    m->cap_work = m->n_work = 0;
    if (m->readable)
        lsan_mem_unmap(m->readable, m->cap_readable * sizeof(struct lsan_range));
    m->readable = NULL;
    m->cap_readable = m->n_readable = m->readable_dropped = 0;
}

/* ---- logging while stopped: straight to stderr, no locks ---- */
void lsan_mark_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lsan_fmt_vfdprintf(2, fmt, ap);
    va_end(ap);
}

/* Decides a candidate pointer v into slot idx of class c: marks and queues
 * the chunk if it is live, unmarked, and v lies inside it. The mark bit (a
 * compact bitmap) is tested before the chunk's metadata is touched. */
static inline void mark_slot(struct lsan_mark *m, uptr v, u32 c, u32 idx)
{
    u64 *w = &m->bits[c][idx >> 6], bit = 1ul << (idx & 63);
    struct lsan_chunk h;
    if ((*w & bit) || !lsan_chunk_from_slot(v, c, idx, &h))
        return;
    *w |= bit;
    if (LSAN_UNLIKELY(m->log_pointers))
        lsan_mark_log("leaksan: pointer 0x%lx -> chunk [0x%lx, 0x%lx)\n", v, h.beg, h.beg + h.size);
    lsan_mark_push(m, h.beg, h.size);
}

/* Decides the oldest waiting candidate. */
static inline void decide_oldest(struct lsan_mark *m)
{
    unsigned i = m->cand_head;
    m->cand_head = (i + 1) % LSAN_MARK_CANDIDATES;
    m->cand_n--;
    mark_slot(m, m->cand_v[i], m->cand_cls[i], m->cand_idx[i]);
}

void lsan_mark_drain_stopped(struct lsan_mark *m)
{
    while (m->cand_n)
        decide_oldest(m);
}

/* The large-chunk half of mark_value, out of line: rare, and bulky. */
static LSAN_NOINLINE void mark_large(struct lsan_mark *m, uptr v)
{
    if (v - m->cache_beg < m->cache_end - m->cache_beg)
        return; /* inside the large chunk marked last: nothing new */
    struct lsan_chunk h;
    if (!lsan_chunk_lookup(v, &h) || lsan_mark_test(m, &h, LSAN_MARK_REACHED))
        return;
    lsan_mark_set(m, &h, LSAN_MARK_REACHED);
    if (LSAN_UNLIKELY(m->log_pointers))
        lsan_mark_log("leaksan: pointer 0x%lx -> chunk [0x%lx, 0x%lx)\n", v, h.beg, h.beg + h.size);
    lsan_mark_push(m, h.beg, h.size);
    m->cache_beg = h.beg;
    m->cache_end = h.beg + (h.size ? h.size : 1);
}

/* Marks the chunk v points into as reachable and queues it. A pointer into
 * the primary space to a chunk not marked yet becomes a candidate: its
 * metadata is prefetched now and decided a few candidates later, so the
 * cache misses of consecutive pointers overlap. */
static LSAN_ALWAYS_INLINE void mark_value(struct lsan_mark *m, uptr v)
{
    uptr off = v - lsan_primary.space_beg;
    if (LSAN_LIKELY(off < LSAN_SPACE_SIZE)) {
        struct lsan_region *r;
        u32 idx = lsan_primary_slot(v, &r), c = (u32)(off >> LSAN_REGION_SHIFT);
        if (idx == UINT32_MAX)
            return;
        /* the bitmap is small and mostly cached: a chunk already reached is
         * dismissed here, only new ones wait for their metadata */
        if (m->bits[c][idx >> 6] & (1ul << (idx & 63)))
            return;
        __builtin_prefetch(&r->meta[idx]);
        if (m->cand_n == LSAN_MARK_CANDIDATES)
            decide_oldest(m);
        unsigned j = (m->cand_head + m->cand_n++) % LSAN_MARK_CANDIDATES;
        m->cand_v[j] = v;
        m->cand_cls[j] = c;
        m->cand_idx[j] = idx;
        return;
    }
    mark_large(m, v);
}

void lsan_mark_value_stopped(struct lsan_mark *m, uptr v) { mark_value(m, v); }

void lsan_mark_range_stopped(struct lsan_mark *m, uptr beg, uptr end)
{
    if (end <= beg)
        return;
    if (m->use_unaligned) {
        for (uptr p = beg; p + sizeof(uptr) <= end; p++) {
            uptr v;
            __builtin_memcpy(&v, (const void *)p, sizeof(v));
            mark_value(m, v);
        }
        return;
    }
    const uptr lo = lsan_primary.space_beg;
    const uptr *p = (const uptr *)lsan_bits_round_up(beg, sizeof(uptr));
    const uptr *e = (const uptr *)lsan_bits_round_down(end, sizeof(uptr));
    /* four words per branch: most words are no heap pointer */
    for (; e - p >= 4; p += 4) {
        uptr a = p[0] - lo, b = p[1] - lo, c = p[2] - lo, d = p[3] - lo;
        if (LSAN_LIKELY(((a < LSAN_HEAP_SIZE) | (b < LSAN_HEAP_SIZE) | (c < LSAN_HEAP_SIZE) |
                         (d < LSAN_HEAP_SIZE)) == 0))
            continue;
        for (int i = 0; i < 4; i++)
            if (p[i] - lo < LSAN_HEAP_SIZE)
                mark_value(m, p[i]);
    }
    for (; p < e; p++)
        if (*p - lo < LSAN_HEAP_SIZE)
            mark_value(m, *p);
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

static int readable_cb(const struct lsan_mapping *map, void *arg)
{
    struct lsan_mark *m = arg;
    if (!(map->prot & PROT_READ))
        return 0;
    if (m->n_readable && m->readable[m->n_readable - 1].end == map->lo) {
        m->readable[m->n_readable - 1].end = map->hi;
        return 0;
    }
    if (m->n_readable == m->cap_readable) {
        m->readable_dropped++;
        return 0;
    }
    m->readable[m->n_readable].beg = map->lo;
    m->readable[m->n_readable].end = map->hi;
    m->n_readable++;
    return 0;
}

void lsan_mark_read_readable_stopped(struct lsan_mark *m)
{
    if (!m->cap_readable)
        return;
    int r = lsan_maps_each(readable_cb, m);
    if (r < 0 || !m->n_readable) {
        /* without the table everything is taken as readable, as before */
        lsan_mark_log(
            "leaksan: WARNING: cannot read /proc/thread-self/maps (errno %d): memory that "
            "cannot be read is not skipped\n",
            -r);
        m->n_readable = 0;
    } else if (m->readable_dropped) {
        lsan_mark_log(
            "leaksan: WARNING: %lu mappings appeared while the world was stopping; they are "
            "not scanned\n",
            (unsigned long)m->readable_dropped);
    }
}

/* Index of the first readable range that ends after p. */
static size_t readable_after(const struct lsan_mark *m, uptr p)
{
    size_t lo = 0, hi = m->n_readable;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->readable[mid].end <= p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool lsan_mark_readable_piece(const struct lsan_mark *m, uptr *b, uptr end, uptr *e,
                              const char *what, uptr obeg, uptr oend, int level)
{
    uptr from = *b;
    if (from >= end)
        return false;
    if (!m->n_readable) {
        *e = end;
        return true;
    }
    size_t i = readable_after(m, from);
    uptr pb = end, pe = end;
    if (i < m->n_readable && m->readable[i].beg < end) {
        pb = m->readable[i].beg > from ? m->readable[i].beg : from;
        pe = m->readable[i].end < end ? m->readable[i].end : end;
    }
    if (pb > from && what && m->verbosity >= level)
        lsan_mark_log(
            "leaksan: skipping unreadable memory [0x%lx, 0x%lx) (%lu bytes) inside %s [0x%lx, "
            "0x%lx) of %lu bytes\n",
            from, pb, pb - from, what, obeg, oend, oend - obeg);
    *b = pb;
    *e = pe;
    return pb < pe;
}

/* Chunks of a page or more are scanned where readable; see above. */
bool lsan_mark_chunk_piece(const struct lsan_mark *m, uptr beg, uptr *b, uptr end, uptr *e,
                           bool log)
{
    if (end - beg < LSAN_PAGE) {
        *e = end;
        return *b < end;
    }
    return lsan_mark_readable_piece(m, b, end, e, log ? "chunk" : NULL, beg, end, 1);
}

/* Scans every queued chunk. Chunks pass through a small ring whose entries
 * are prefetched a few scans ahead: the flood is bound by cache misses on
 * chunk contents, and this overlaps them. */
void lsan_mark_flood_stopped(struct lsan_mark *m)
{
    enum { RING = 8 };
    uptr ring_beg[RING], ring_size[RING];
    unsigned head = 0, n = 0;
    for (;;) {
        while (n < RING && m->n_work) {
            m->n_work--;
            uptr beg = m->work[2 * m->n_work], size = m->work[2 * m->n_work + 1];
            __builtin_prefetch((const void *)beg);
            if (size > 64)
                __builtin_prefetch((const void *)(beg + 64));
            unsigned slot = (head + n++) % RING;
            ring_beg[slot] = beg;
            ring_size[slot] = size;
        }
        if (!n) {
            if (!m->cand_n)
                return;
            lsan_mark_drain_stopped(m); /* may queue more work */
            continue;
        }
        uptr beg = ring_beg[head], size = ring_size[head];
        head = (head + 1) % RING;
        n--;
        if (LSAN_LIKELY(size < LSAN_PAGE)) {
            lsan_mark_range_stopped(m, beg, beg + size);
            continue;
        }
        for (uptr b = beg, e; lsan_mark_chunk_piece(m, beg, &b, beg + size, &e, true); b = e)
            lsan_mark_range_stopped(m, b, e);
    }
}

void lsan_mark_for_each_unmarked_stopped(struct lsan_mark *m, lsan_unmarked_fn fn, void *arg)
{
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        if (!m->n_slots[c])
            continue;
        struct lsan_region *r = &lsan_primary.regions[c];
        u64 *mark = lsan_mark_bitmap(m, c, LSAN_MARK_REACHED);
        u32 words = (m->n_slots[c] + 63) / 64;
        for (u32 w = 0; w < words; w++) {
            u64 bits = r->live[w] & ~mark[w];
            while (bits) {
                u32 idx = w * 64 + (u32)__builtin_ctzl(bits);
                bits &= bits - 1;
                if (idx >= m->n_slots[c])
                    break;
                u32 word = r->meta[idx].word;
                if (!(word & LSAN_META_LIVE))
                    continue;
                struct lsan_chunk h = {.beg = r->beg + (uptr)idx * r->size,
                                       .size = word & LSAN_META_SIZE_MASK,
                                       .stack_id = r->meta[idx].stack_id,
                                       .ignored = (word & LSAN_META_IGNORED) != 0,
                                       .cls = c,
                                       .idx = idx,
                                       .meta = &r->meta[idx]};
                fn(m, &h, arg);
            }
        }
    }
    for (u32 i = 0; i < lsan_large.n_live; i++) {
        u32 d = lsan_large.live[i];
        struct lsan_large_chunk *l = &lsan_large.descs[d];
        if (d >= m->n_large || !(l->flags & LSAN_META_LIVE) ||
            (m->large_state[d] & LSAN_MARK_L_REACHED))
            continue;
        struct lsan_chunk h = {.beg = l->beg,
                               .size = l->size,
                               .stack_id = l->stack_id,
                               .ignored = (l->flags & LSAN_META_IGNORED) != 0,
                               .idx = d,
                               .large = l};
        fn(m, &h, arg);
    }
}

