/* The leaksan allocator: size classes in one reserved range (primary.c), large
 * chunks mapped separately (large.c), out-of-band metadata per chunk, and an
 * O(1) pointer -> chunk lookup that the scanner uses while the world is
 * stopped. The lookup and walk functions (_stopped) take no locks. */
#ifndef LSAN_RUNTIME_ALLOC_H
#define LSAN_RUNTIME_ALLOC_H

#include "platform/base.h"
#include "runtime/large.h"
#include "runtime/primary.h"

/* Does p refer to the live chunk [beg, beg + size)? Its start and its
 * interior do; so does its end when the chunk is the 8 bytes of `new T[0]`
 * for a T with a destructor: the array cookie, a zero count, then the array
 * the program holds a pointer to (a primary chunk: large ones are bigger). */
static inline bool lsan_points_into(uptr p, uptr beg, uptr size)
{
    return p - beg < size || p == beg ||
           (size == sizeof(uptr) && p == beg + sizeof(uptr) && *(const uptr *)beg == 0);
}

/* Primary and large spaces are one reservation, primary first: a word that
 * is not in [space_beg, space_beg + LSAN_HEAP_SIZE) is no heap pointer. */
#define LSAN_HEAP_SIZE (LSAN_SPACE_SIZE + LSAN_LARGE_SPACE_SIZE)

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
void *lsan_alloc_allocate(uptr size, uptr align, bool zero, struct lsan_site site);
void lsan_alloc_free(void *p, struct lsan_site site);
/* free_sized and free_aligned_sized (aligned: align is checked): reports a
 * size or alignment the live chunk at p cannot have been allocated with, then
 * frees it. */
void lsan_alloc_free_sized(void *p, uptr size, uptr align, bool aligned, struct lsan_site site);
void *lsan_alloc_realloc(void *p, uptr size, struct lsan_site site);
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
/* Adds a malloc/free hook pair (__sanitizer_install_malloc_and_free_hooks):
 * the number of pairs installed, or 0 when every place is taken. */
int lsan_alloc_install_hooks(void (*m)(const volatile void *, uptr),
                             void (*f)(const volatile void *));

/* >0 while the calling thread's allocations are ignored (__lsan_disable). */
extern __thread int lsan_alloc_disabled_depth;

#endif
