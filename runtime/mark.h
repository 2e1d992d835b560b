/* Marking: the mark bits of every chunk, the work list and the flood fill
 * that marks everything reachable from what roots.c pushes, and the table of
 * readable memory every scan of a range goes through. The _stopped functions
 * run while the world is stopped, possibly on the ptrace tracer: no libc, no
 * locks, no TLS, no malloc; lsan_mark_prepare maps all their memory first. */
#ifndef LSAN_RUNTIME_MARK_H
#define LSAN_RUNTIME_MARK_H

#include "runtime/alloc.h"

struct lsan_range {
    uptr beg, end;
};

struct lsan_mark {
    /* per class, per slot: 3 bitmaps (mark, seen, indirect); a large chunk
     * has the same three bits in large_state, by descriptor */
    u64 *bits[LSAN_NUM_CLASSES];
    u32 n_slots[LSAN_NUM_CLASSES];
    u8 *large_state;
    u32 n_large;
    /* the work list: (beg, size) pairs; classify.c reuses it as scratch */
    uptr *work;
    size_t n_work, cap_work;
    uptr cache_beg, cache_end; /* the large chunk marked last */
    /* candidate pointers into the primary space whose mark word and metadata
     * are being prefetched; decided LSAN_MARK_CANDIDATES pointers later */
#define LSAN_MARK_CANDIDATES 16
    uptr cand_v[LSAN_MARK_CANDIDATES];
    u32 cand_idx[LSAN_MARK_CANDIDATES];
    u32 cand_cls[LSAN_MARK_CANDIDATES];
    unsigned cand_head, cand_n;
    /* readable memory, read when the world has stopped */
    struct lsan_range *readable;
    size_t n_readable, cap_readable, readable_dropped;
    bool use_unaligned, log_pointers;
    int verbosity;
    bool overflow; /* the work list was full: the result is incomplete */
};

/* Maps the bitmaps and the work list, sized from the chunks carved so far.
 * Call with the allocator locked: no chunk is carved until the check ends,
 * so every slot lsan_chunk_lookup finds has its bits. */
int lsan_mark_prepare(struct lsan_mark *m);
/* Maps the readable-memory table (filled when the world has stopped). */
int lsan_mark_prepare_readable(struct lsan_mark *m);
/* Safe on a half-prepared marker and idempotent. */
void lsan_mark_release(struct lsan_mark *m);
/* Says which table could not be mapped; returns -ENOMEM for the caller. */
int lsan_mark_map_failed(const char *what, uptr bytes);
/* Anonymous memory that is only touched where used. */
void *lsan_mark_map_noreserve(size_t size);
/* Chunks the bitmaps cover: every large descriptor and every carved slot. */
uptr lsan_mark_chunks(const struct lsan_mark *m);

/* Straight to stderr, no locks: for messages while the world is stopped. */
void lsan_mark_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reads the readable mappings (merged where they touch). */
void lsan_mark_read_readable_stopped(struct lsan_mark *m);
/* Narrows [*b, end) to its first readable piece [*b, *e); false if none.
 * With what, says (at verbosity >= level) what it steps over inside
 * [obeg, oend). */
bool lsan_mark_readable_piece(const struct lsan_mark *m, uptr *b, uptr end, uptr *e,
                              const char *what, uptr obeg, uptr oend, int level);
/* Narrows [*b, end) inside the chunk starting at beg to its next readable
 * piece [*b, *e); false when nothing readable is left. Chunks smaller than
 * a page are never checked. With log, says (verbosity >= 1) what it skips. */
bool lsan_mark_chunk_piece(const struct lsan_mark *m, uptr beg, uptr *b, uptr end, uptr *e,
                           bool log);

/* Marks every chunk a word of [beg, end) points into and queues it. */
void lsan_mark_range_stopped(struct lsan_mark *m, uptr beg, uptr end);
/* Marks the chunk v points into and queues it. */
void lsan_mark_value_stopped(struct lsan_mark *m, uptr v);
/* Decides every pointer still waiting for its metadata. */
void lsan_mark_drain_stopped(struct lsan_mark *m);
/* Scans every queued chunk, and every chunk they reach. */
void lsan_mark_flood_stopped(struct lsan_mark *m);

/* Visits every live chunk not marked reachable, 64 slots at a time. */
typedef void (*lsan_unmarked_fn)(struct lsan_mark *m, const struct lsan_chunk *c, void *arg);
void lsan_mark_for_each_unmarked_stopped(struct lsan_mark *m, lsan_unmarked_fn fn, void *arg);

/* ---- the bits of one chunk ---- */
enum { LSAN_MARK_REACHED = 0, LSAN_MARK_SEEN = 1, LSAN_MARK_INDIRECT = 2 };
#define LSAN_MARK_L_REACHED 1
#define LSAN_MARK_L_SEEN 2
#define LSAN_MARK_L_INDIRECT 4

/* Could p point into the heap (primary or large space)? */
static inline bool lsan_in_heap(uptr p) { return p - lsan_primary.space_beg < LSAN_HEAP_SIZE; }

static inline u64 *lsan_mark_bitmap(const struct lsan_mark *m, u32 c, int which)
{
    return m->bits[c] + (uptr)which * (((uptr)m->n_slots[c] + 63) / 64);
}

static inline bool lsan_bit_test(const u64 *b, u32 i) { return (b[i >> 6] >> (i & 63)) & 1; }
static inline void lsan_bit_set(u64 *b, u32 i) { b[i >> 6] |= 1ul << (i & 63); }
static inline void lsan_bit_clear(u64 *b, u32 i) { b[i >> 6] &= ~(1ul << (i & 63)); }

static inline bool lsan_mark_test(const struct lsan_mark *m, const struct lsan_chunk *c, int which)
{
    if (c->cls)
        return lsan_bit_test(lsan_mark_bitmap(m, c->cls, which), c->idx);
    return (m->large_state[c->idx] >> which) & 1;
}

static inline void lsan_mark_set(struct lsan_mark *m, const struct lsan_chunk *c, int which)
{
    if (c->cls)
        lsan_bit_set(lsan_mark_bitmap(m, c->cls, which), c->idx);
    else
        m->large_state[c->idx] |= (u8)(1u << which);
}

static inline void lsan_mark_clear(struct lsan_mark *m, const struct lsan_chunk *c, int which)
{
    if (c->cls)
        lsan_bit_clear(lsan_mark_bitmap(m, c->cls, which), c->idx);
    else
        m->large_state[c->idx] &= (u8) ~(1u << which);
}

static inline void lsan_mark_push(struct lsan_mark *m, uptr beg, uptr size)
{
    if (m->n_work >= m->cap_work) {
        m->overflow = true;
        return;
    }
    m->work[2 * m->n_work] = beg;
    m->work[2 * m->n_work + 1] = size;
    m->n_work++;
}

#endif
