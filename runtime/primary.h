/* The primary allocator (primary.c): one region per size class in one
 * reserved range, per-thread caches, out-of-band metadata and a live bitmap
 * per region. The inline lookups take no locks (safe while stopped). */
#ifndef LSAN_RUNTIME_PRIMARY_H
#define LSAN_RUNTIME_PRIMARY_H

#include "platform/base.h"
#include "platform/mutex.h"

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

void lsan_primary_init(void);
/* Once libc is up: the thread-exit hook that returns a thread's cache. */
void lsan_primary_init_late(void);
/* A slot of class c for `size` requested bytes, recorded live with stack_id
 * and flags (LSAN_META_IGNORED); NULL without memory. */
void *lsan_primary_alloc(u32 c, uptr size, u32 stack_id, u32 flags);
/* Marks slot idx of class c free if m still says it is live; false if
 * another free won. lsan_primary_free_end then returns the slot. */
bool lsan_primary_free_begin(u32 c, u32 idx, struct lsan_meta *m);
void lsan_primary_free_end(u32 c, u32 idx, u32 size);
/* The live slot keeps its place with a new requested size and stack. */
void lsan_primary_resize(u32 c, u32 idx, struct lsan_meta *m, uptr new_size, u32 stack_id,
                         u32 flags);
uptr lsan_primary_class_size(u32 c);
void lsan_primary_stats(uptr *allocated, uptr *mapped, uptr *cached_free);
/* Counts allocations and frees made without the thread cache. */
void lsan_primary_count_uncached(uptr alloc, uptr freed);
bool lsan_primary_has_cache(void);
/* Returns the unused committed memory of every region to the kernel. */
void lsan_primary_purge(void);
void lsan_primary_lock_all(void);
void lsan_primary_unlock_all(void);
/* In a forked child: the other threads' caches are gone, every lock free. */
void lsan_primary_after_fork_child(void);

/* LSAN_DEBUG: walks the metadata of the size classes (carved, committed and free slots agree,
 * no free slot is live or listed twice) with every allocator lock
 * held; a broken invariant is a CHECK failure. */
void lsan_primary_check_invariants_locked(void);

#endif
