/* The scanner: marks every chunk reachable from the roots and classifies the
 * rest as direct or indirect leaks. lsan_scan_stopped runs while the world is
 * stopped, possibly on the ptrace tracer: no libc, no locks, no TLS; all its
 * memory is mapped by lsan_scan_prepare before the stop. */
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

#endif
