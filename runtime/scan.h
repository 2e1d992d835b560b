/* The scanner: marks every chunk reachable from the roots (classify.c then
 * sorts the rest into direct and indirect leaks). lsan_scan_stopped runs
 * while the world is stopped, possibly on the ptrace tracer: no libc, no
 * locks, no TLS; all its memory is mapped by lsan_scan_prepare before the
 * stop. */
#ifndef LSAN_RUNTIME_SCAN_H
#define LSAN_RUNTIME_SCAN_H

#include "platform/stw.h"
#include "runtime/alloc.h"

struct lsan_range {
    uptr beg, end;
};

struct lsan_leak_record {
    u32 stack_id;
    u32 direct;
    uptr total_size;
    uptr count;
};

struct lsan_leaked_object {
    uptr addr, size;
    u32 record;
};

/* A chunk being searched by the strongly-connected-components pass. */
struct lsan_scc_frame {
    uptr beg, end;  /* the chunk */
    uptr cur, stop; /* the next word to look at, the end of its readable piece */
    u32 id, low;
};

struct lsan_scan {
    /* ---- inputs, set before the stop ---- */
    int caller_tid;
    uptr caller_sp;
    struct lsan_range *globals;
    size_t n_globals, cap_globals;
    struct lsan_range *root_regions;
    size_t n_root_regions;
    const u32 *root_stacks; /* sorted stack ids whose chunks are roots (suppressed) */
    size_t n_root_stacks;
    uptr ld_lo, ld_hi;      /* the dynamic loader's text */
    struct lsan_range own;  /* leaksan's own state: never a root */
    const struct lsan_thread **by_tid; /* registry records hashed by tid */
    size_t by_tid_size;                /* a power of two, 0 if none */
    bool use_globals, use_stacks, use_registers, use_tls, use_root_regions, use_unaligned,
        use_ld_allocations, log_threads, log_pointers;
    u64 *bits[LSAN_NUM_CLASSES]; /* per slot: 3 bitmaps (mark, seen, indirect) */
    u32 n_slots[LSAN_NUM_CLASSES];
    u8 *large_state;
    u32 n_large;
    /* ---- scratch ---- */
    uptr *work;
    size_t n_work, cap_work;
    uptr cache_beg, cache_end;
    /* candidate pointers into the primary space whose mark word and metadata
     * are being prefetched; decided LSAN_SCAN_CANDIDATES pointers later */
#define LSAN_SCAN_CANDIDATES 16
    uptr cand_v[LSAN_SCAN_CANDIDATES];
    u64 cand_idx[LSAN_SCAN_CANDIDATES];
    u32 cand_cls[LSAN_SCAN_CANDIDATES];
    unsigned cand_head, cand_n;
    /* classification: chunk id = id_base[class] + slot (large: descriptor) */
    u32 id_base[LSAN_NUM_CLASSES];
    struct lsan_scc_frame *frames;
    u32 *scc_num; /* per chunk id: DFS number while open, leader id + 1 when done */
    u32 scc_counter;
    size_t n_ids;
    /* readable memory, read when the world has stopped */
    struct lsan_range *readable;
    size_t n_readable, cap_readable, readable_dropped;
    int verbosity;
    /* ---- outputs ---- */
    struct lsan_leak_record *records;
    size_t n_records, cap_records;
    u32 *rec_hash;
    size_t hash_cap;
    struct lsan_leaked_object *objects;
    size_t n_objects, cap_objects;
    size_t n_threads;
    int n_unknown_threads;
    bool ran;
    bool overflow; /* a result table was full: the report is incomplete */
    int unscannable_tid; /* a thread whose stack could not be found, or 0 */
};

/* Maps the bitmaps and tables for a check. Call with the allocator and the
 * thread registry locked. */
int lsan_scan_prepare(struct lsan_scan *s);
void lsan_scan_release(struct lsan_scan *s);
/* The stop-the-world callback: arg is the struct lsan_scan. */
void lsan_scan_stopped(const struct lsan_stw_world *world, void *arg);

/* ---- the scanner's view of chunks, shared with classify.c: stopped-world
 * code, no libc, no locks ---- */

/* Per chunk: a primary slot has one bit in each of three bitmaps, a large
 * chunk the same three bits in large_state. */
enum { LSAN_SCAN_MARK = 0, LSAN_SCAN_SEEN = 1, LSAN_SCAN_INDIRECT = 2 };
#define LSAN_SCAN_L_MARK 1
#define LSAN_SCAN_L_SEEN 2
#define LSAN_SCAN_L_INDIRECT 4

/* Could p point into the heap (primary or large space)? */
static inline bool lsan_in_heap(uptr p) { return p - lsan_primary.space_beg < LSAN_HEAP_SIZE; }

/* The chunk a value points into: slot (class, idx) or large descriptor. */
struct lsan_hit {
    uptr beg, size;
    u32 cls, idx; /* cls 0: large chunk idx */
    u32 stack_id;
    bool ignored;
};

static inline u64 *lsan_scan_bitmap(struct lsan_scan *s, u32 c, int which)
{
    return s->bits[c] + (uptr)which * (((uptr)s->n_slots[c] + 63) / 64);
}

static inline bool lsan_bit_test(u64 *b, u32 i) { return (b[i >> 6] >> (i & 63)) & 1; }
static inline void lsan_bit_set(u64 *b, u32 i) { b[i >> 6] |= 1ul << (i & 63); }
static inline void lsan_bit_clear(u64 *b, u32 i) { b[i >> 6] &= ~(1ul << (i & 63)); }

static inline void lsan_scan_push(struct lsan_scan *s, uptr beg, uptr size)
{
    if (s->n_work >= s->cap_work) {
        s->overflow = true;
        return;
    }
    s->work[2 * s->n_work] = beg;
    s->work[2 * s->n_work + 1] = size;
    s->n_work++;
}

static inline bool lsan_scan_find_chunk(struct lsan_scan *s, uptr v, struct lsan_hit *h)
{
    uptr off = v - lsan_primary.space_beg;
    if (off < LSAN_SPACE_SIZE) {
        u32 c = (u32)(off >> LSAN_REGION_SHIFT);
        struct lsan_region *r = &lsan_primary.regions[c];
        u64 idx = (u64)(((unsigned __int128)(off & (LSAN_REGION_SIZE - 1)) * r->magic) >> 64);
        if (idx >= s->n_slots[c])
            return false;
        u32 word = r->meta[idx].word;
        if (!(word & LSAN_META_LIVE))
            return false;
        uptr beg = r->beg + idx * r->size, size = word & LSAN_META_SIZE_MASK;
        if (!lsan_points_into(v, beg, size))
            return false;
        h->beg = beg;
        h->size = size;
        h->cls = c;
        h->idx = (u32)idx;
        h->stack_id = r->meta[idx].stack_id;
        h->ignored = (word & LSAN_META_IGNORED) != 0;
        return true;
    }
    if (v - lsan_large.space_beg < LSAN_LARGE_SPACE_SIZE) {
        struct lsan_large_chunk *l = lsan_large_lookup(v);
        if (!l)
            return false;
        u32 d = (u32)(l - lsan_large.descs);
        if (d >= s->n_large)
            return false;
        h->beg = l->beg;
        h->size = l->size;
        h->cls = 0;
        h->idx = d;
        h->stack_id = l->stack_id;
        h->ignored = (l->flags & LSAN_META_IGNORED) != 0;
        return true;
    }
    return false;
}

static inline bool lsan_hit_test(struct lsan_scan *s, const struct lsan_hit *h, int which)
{
    if (h->cls)
        return lsan_bit_test(lsan_scan_bitmap(s, h->cls, which), h->idx);
    return (s->large_state[h->idx] >> which) & 1;
}

static inline void lsan_hit_set(struct lsan_scan *s, const struct lsan_hit *h, int which)
{
    if (h->cls)
        lsan_bit_set(lsan_scan_bitmap(s, h->cls, which), h->idx);
    else
        s->large_state[h->idx] |= (u8)(1u << which);
}

static inline void lsan_hit_clear(struct lsan_scan *s, const struct lsan_hit *h, int which)
{
    if (h->cls)
        lsan_bit_clear(lsan_scan_bitmap(s, h->cls, which), h->idx);
    else
        s->large_state[h->idx] &= (u8) ~(1u << which);
}

/* Straight to stderr, no locks: for messages while the world is stopped. */
void lsan_scan_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Visits every live chunk not marked reachable, 64 slots at a time. */
typedef void (*lsan_unmarked_fn)(struct lsan_scan *s, struct lsan_hit *h);
void lsan_scan_for_each_unmarked(struct lsan_scan *s, lsan_unmarked_fn fn);
/* Narrows [*b, end) inside the chunk starting at beg to its next readable
 * piece [*b, *e); false when nothing readable is left. Chunks smaller than
 * a page are never checked. With log, says (verbosity >= 1) what it skips. */
bool lsan_scan_chunk_piece(struct lsan_scan *s, uptr beg, uptr *b, uptr end, uptr *e, bool log);

#endif
