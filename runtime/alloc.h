/* The leaksan allocator: size classes in one reserved range (primary.c), large
 * chunks mapped separately (large.c), out-of-band metadata per chunk, and an
 * O(1) pointer -> chunk lookup that the scanner uses while the world is
 * stopped. The lookup and walk functions (_stopped) take no locks. */
#ifndef LSAN_RUNTIME_ALLOC_H
#define LSAN_RUNTIME_ALLOC_H

#include "runtime/base.h"

/* ---- primary (size-class) allocator ---- */
#define LSAN_NUM_CLASSES 89
#define LSAN_PRIMARY_MAX (1ul << 17)
#define LSAN_REGION_SHIFT 35
#define LSAN_REGION_SIZE (1ul << LSAN_REGION_SHIFT)
#define LSAN_SPACE_SIZE ((uptr)LSAN_NUM_CLASSES << LSAN_REGION_SHIFT) /* one region per class, no more */

/* Per-chunk metadata, outside user memory. `word` packs the requested size
 * (bits 0-27), the ignored tag and the allocated bit. For a free slot the size
 * of its last owner stays, so the next owner knows how much to clear. */
struct lsan_meta {
    u32 stack_id;
    u32 word;
};
#define LSAN_META_SIZE_MASK 0x0fffffffu
#define LSAN_META_IGNORED 0x20000000u
#define LSAN_META_LIVE 0x40000000u

struct lsan_region {
    struct lsan_mutex mu;
    u32 size;          /* chunk size of this class */
    u32 n_slots;       /* slots carved so far (the high-water mark) */
    u64 magic;         /* ceil(2^64 / size): slot = mulhi(offset, magic) */
    uptr beg;          /* user memory */
    struct lsan_meta *meta;
    u64 *live;         /* one bit per slot: allocated */
    u32 *free;         /* central stack of free slot indices */
    u32 n_free;
    u32 max_slots;
    uptr committed_user, committed_meta, committed_live, committed_free;
    char pad[64];
};

struct lsan_primary {
    uptr space_beg;
    struct lsan_region regions[LSAN_NUM_CLASSES];
};
extern struct lsan_primary lsan_primary;

static inline u32 lsan_size_class(uptr size)
{
    if (size <= 128)
        return size ? (u32)((size + 15) >> 4) : 1;
    unsigned l = 63 - (unsigned)__builtin_clzl(size - 1);
    return 9 + (l - 7) * 8 + (u32)(((size - 1) >> (l - 3)) & 7);
}

/* Does p refer to the live chunk [beg, beg + size)? Its start and its
 * interior do; so does its end when the chunk is the 8 bytes of `new T[0]`
 * for a T with a destructor: the array cookie, a zero count, then the array
 * the program holds a pointer to (a primary chunk: large ones are bigger). */
static inline bool lsan_points_into(uptr p, uptr beg, uptr size)
{
    return p - beg < size || p == beg ||
           (size == sizeof(uptr) && p == beg + sizeof(uptr) && *(const uptr *)beg == 0);
}

static inline bool lsan_primary_owns(uptr p)
{
    return p - lsan_primary.space_beg < LSAN_SPACE_SIZE;
}

/* Slot index of the chunk holding p (p must be in the primary space), or
 * UINT32_MAX if that slot was never carved. */
static inline u32 lsan_primary_slot(uptr p, struct lsan_region **rp)
{
    uptr off = p - lsan_primary.space_beg;
    struct lsan_region *r = &lsan_primary.regions[off >> LSAN_REGION_SHIFT];
    *rp = r;
    u64 idx = (u64)(((unsigned __int128)(off & (LSAN_REGION_SIZE - 1)) * r->magic) >> 64);
    return idx < r->n_slots ? (u32)idx : UINT32_MAX;
}

/* ---- large chunks ---- */
#define LSAN_LARGE_GRANULE_SHIFT 20
#define LSAN_LARGE_SPACE_SIZE (8ul << 40)

struct lsan_large_chunk {
    uptr beg;       /* user pointer */
    uptr size;      /* requested size */
    uptr map_beg;   /* first granule */
    uptr map_size;  /* committed bytes from map_beg */
    u32 granules;   /* granules owned, from map_beg */
    u32 stack_id;
    u32 flags;      /* LSAN_META_LIVE, LSAN_META_IGNORED */
    u32 live_index; /* position in the live array */
};

struct lsan_large {
    struct lsan_mutex mu;
    uptr space_beg;
    u32 *granule_owner;             /* descriptor index + 1, per granule */
    struct lsan_large_chunk *descs; /* descriptor table */
    u32 n_descs, free_desc;         /* free_desc: head of free descriptor list (+1) */
    u32 *live;                      /* indices of live descriptors */
    u32 n_live;
    uptr bump;                      /* granules handed out from the start */
    u32 *extents;                   /* free extents: pairs (first granule, count) */
    u32 n_extents;
    uptr mapped_bytes;
};
extern struct lsan_large lsan_large;

static inline bool lsan_large_owns(uptr p) { return p - lsan_large.space_beg < LSAN_LARGE_SPACE_SIZE; }

/* Primary and large spaces are one reservation, primary first: a word that
 * is not in [space_beg, space_beg + LSAN_HEAP_SIZE) is no heap pointer. */
#define LSAN_HEAP_SIZE (LSAN_SPACE_SIZE + LSAN_LARGE_SPACE_SIZE)

void *lsan_large_alloc(uptr size, uptr align, u32 stack_id, u32 flags);
/* Releases c if it is still the live chunk starting at beg, recording the
 * free (with free_stack) in the free log; false if another free won. */
bool lsan_large_free(struct lsan_large_chunk *c, uptr beg, u32 free_stack);
/* The live large chunk whose [beg, beg+size) holds p, or NULL. */
struct lsan_large_chunk *lsan_large_lookup(uptr p);

/* ---- the chunk view used by everything above the allocator ---- */
struct lsan_chunk {
    uptr beg;
    uptr size;       /* requested size */
    u32 stack_id;
    bool ignored;
    u32 cls, idx;    /* size class and slot; cls 0: large, idx its descriptor */
    struct lsan_meta *meta;          /* primary chunks */
    struct lsan_large_chunk *large;  /* large chunks */
};

/* The live chunk in slot idx of class cls, if p points into it (see
 * lsan_points_into). The second half of lsan_chunk_lookup, for the marker,
 * which tests its mark bit between the two halves. _stopped-safe. */
static inline bool lsan_chunk_from_slot(uptr p, u32 cls, u32 idx, struct lsan_chunk *c)
{
    struct lsan_region *r = &lsan_primary.regions[cls];
    struct lsan_meta *m = &r->meta[idx];
    u32 word = __atomic_load_n(&m->word, __ATOMIC_ACQUIRE);
    if (!(word & LSAN_META_LIVE))
        return false;
    uptr beg = r->beg + (uptr)idx * r->size, size = word & LSAN_META_SIZE_MASK;
    if (!lsan_points_into(p, beg, size))
        return false;
    c->beg = beg;
    c->size = size;
    c->stack_id = m->stack_id;
    c->ignored = (word & LSAN_META_IGNORED) != 0;
    c->cls = cls;
    c->idx = idx;
    c->meta = m;
    c->large = NULL;
    return true;
}

/* Fills *c with the live chunk that p points into (beg <= p < beg + size, or
 * p == beg for zero-sized chunks), in O(1): the one lookup of the allocator
 * and the scanner. Lock-free and safe while the world is stopped; callers
 * racing with free get a consistent but possibly stale answer. */
static inline bool lsan_chunk_lookup(uptr p, struct lsan_chunk *c)
{
    if (lsan_primary_owns(p)) {
        struct lsan_region *r;
        u32 idx = lsan_primary_slot(p, &r);
        return idx != UINT32_MAX &&
               lsan_chunk_from_slot(p, (u32)(r - lsan_primary.regions), idx, c);
    }
    if (lsan_large_owns(p)) {
        struct lsan_large_chunk *l = lsan_large_lookup(p);
        if (!l)
            return false;
        c->beg = l->beg;
        c->size = l->size;
        c->stack_id = l->stack_id;
        c->ignored = (l->flags & LSAN_META_IGNORED) != 0;
        c->cls = 0;
        c->idx = (u32)(l - lsan_large.descs);
        c->meta = NULL;
        c->large = l;
        return true;
    }
    return false;
}

/* Same, but p must be the chunk's first byte. */
static inline bool lsan_chunk_lookup_begin(uptr p, struct lsan_chunk *c)
{
    return lsan_chunk_lookup(p, c) && c->beg == p;
}

void lsan_alloc_init(void);
/* Returns the current thread's cache to the central lists (thread exit). */
void lsan_alloc_thread_exit(void);
/* Lock/unlock every allocator lock (stop the world, fork). */
void lsan_alloc_lock_all(void);
void lsan_alloc_unlock_all(void);
/* After fork in the child: the other threads' caches are gone with them. */
void lsan_alloc_after_fork_child(void);

/* Allocation site of an interceptor: its own pc and frame, for unwinding. */
struct lsan_site {
    uptr pc;
    uptr bp;
};
#define LSAN_SITE_HERE                                                              \
    (struct lsan_site)                                                              \
    {                                                                               \
        ({                                                                          \
            uptr pc_;                                                               \
            __asm__ volatile("lea 0(%%rip), %0" : "=r"(pc_));                        \
            pc_;                                                                    \
        }),                                                                         \
            (uptr) __builtin_frame_address(0)                                       \
    }

enum lsan_alloc_kind { LSAN_KIND_MALLOC, LSAN_KIND_NEW, LSAN_KIND_NEW_ARRAY };

/* The malloc family. Errors (impossible sizes, bad frees) report and exit, or
 * return NULL/ENOMEM as allocator_may_return_null says. A double free is
 * reported, or ignored under detect_double_free=0. */
void *lsan_malloc(uptr size, uptr align, bool zero, struct lsan_site site);
void lsan_free(void *p, struct lsan_site site);
/* free_sized and free_aligned_sized (aligned: align is checked): reports a
 * size or alignment the live chunk at p cannot have been allocated with, then
 * frees it. */
void lsan_free_sized(void *p, uptr size, uptr align, bool aligned, struct lsan_site site);
void *lsan_realloc(void *p, uptr size, struct lsan_site site);
/* usable/requested size of a live chunk that starts at p, 0 otherwise */
uptr lsan_alloc_size(const void *p);
/* Mark a live chunk as ignored (__lsan_ignore_object); returns false if p is
 * not a live chunk. */
bool lsan_alloc_ignore(const void *p);

/* Statistics for allocator_interface.h. */
struct lsan_alloc_stats {
    uptr allocated;
    uptr mapped;
    uptr free;
    uptr unmapped;
};
void lsan_alloc_get_stats(struct lsan_alloc_stats *s);
void lsan_alloc_purge(void);

/* Calls fn for every live chunk (primary and large). Runs while the world is
 * stopped or with all allocator locks held; visits no free slot. */
typedef void (*lsan_chunk_fn)(const struct lsan_chunk *c, void *arg);
void lsan_alloc_for_each_live_stopped(lsan_chunk_fn fn, void *arg);

/* Per-thread allocator state reachable from TLS. */
struct lsan_tcache;
extern __thread int lsan_disabled_depth;

#endif
