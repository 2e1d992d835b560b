/* Large chunks (large.c): granules of one reserved range, a descriptor per
 * chunk and an owner per granule, so a pointer finds its chunk in O(1). */
#ifndef LSAN_RUNTIME_LARGE_H
#define LSAN_RUNTIME_LARGE_H

#include "platform/base.h"
#include "platform/mutex.h"

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

void *lsan_large_alloc(uptr size, uptr align, u32 stack_id, u32 flags);
/* Releases c if it is still the live chunk starting at beg, recording the
 * free (with free_stack) in the free log; false if another free won. */
bool lsan_large_free(struct lsan_large_chunk *c, uptr beg, u32 free_stack);
/* The live large chunk whose [beg, beg+size) holds p, or NULL. */
struct lsan_large_chunk *lsan_large_lookup(uptr p);

void lsan_large_init(void);

/* LSAN_DEBUG: walks the large chunks (live list, descriptors, granule owners and free
 * extents agree) with every allocator lock
 * held; a broken invariant is a CHECK failure. */
void lsan_large_check_invariants_locked(void);

#endif
