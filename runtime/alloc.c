/* The allocator's front: picks primary or large, records the allocation
 * stack, runs the sanitizer malloc/free hooks, keeps statistics, and turns bad
 * requests into reports (error.c) or NULL/ENOMEM. */
#include "runtime/alloc.h"

#include <errno.h>

#include "platform/bits.h"
#include "platform/check.h"
#include "platform/fmt.h"
#include "platform/mutex.h"
#include "runtime/depot.h"
#include "runtime/error.h"
#include "runtime/flags.h"
#include "runtime/freelog.h"
#include "runtime/init.h"
#include "runtime/large.h"
#include "runtime/primary.h"
#include "runtime/unwind.h"

__thread int lsan_alloc_disabled_depth;

#define MAX_HOOKS 5
static struct {
    void (*malloc_hook)(const volatile void *, uptr);
    void (*free_hook)(const volatile void *);
} hooks[MAX_HOOKS];
static int n_hooks;
static uptr large_allocated;

/* 1 TiB, as LSan on x86-64, unless max_allocation_size_mb lowers it. */
static uptr max_size(void)
{
    uptr lim = 1ul << 40;
    if (lsan_flags.max_allocation_size_mb > 0 &&
        ((uptr)lsan_flags.max_allocation_size_mb << 20) < lim)
        lim = (uptr)lsan_flags.max_allocation_size_mb << 20;
    return lim;
}

static LSAN_ALWAYS_INLINE u32 record_stack(struct lsan_site site)
{
    u32 max = (u32)lsan_flags.malloc_context_size;
    if (!max)
        return 0;
    uptr pcs[LSAN_MAX_FRAMES];
    u32 n = LSAN_LIKELY(lsan_flags.fast_unwind_on_malloc)
                ? lsan_unwind_fast(site.pc, site.bp, pcs, max)
                : lsan_unwind_slow(site.pc, site.bp, pcs, max);
    return lsan_depot_put(pcs, n);
}

static void run_malloc_hooks(void *p, uptr size)
{
    for (int i = 0; i < n_hooks; i++)
        if (hooks[i].malloc_hook)
            hooks[i].malloc_hook(p, size);
}

static void run_free_hooks(void *p)
{
    for (int i = 0; i < n_hooks; i++)
        if (hooks[i].free_hook)
            hooks[i].free_hook(p);
}

static void *fail(int kind, uptr a, uptr b, struct lsan_site site)
{
    if (lsan_flags.allocator_may_return_null) {
        /* LSan's one line for a size above the limit; it says nothing about
         * other failures (overflowing calloc, huge alignment, no memory). */
        if (kind == LSAN_ERR_TOO_BIG)
            lsan_fmt_printf("==%ld==WARNING: LeakSanitizer failed to allocate 0x%lx bytes\n",
                            sys_getpid(), a);
        errno = ENOMEM;
        return NULL;
    }
    lsan_error_alloc(kind, a, b, site);
}

/* Flags of a chunk allocated now: ignored inside __lsan_disable(). */
static inline u32 new_chunk_flags(void)
{
    return LSAN_UNLIKELY(lsan_alloc_disabled_depth) ? LSAN_META_IGNORED : 0;
}

void *lsan_alloc_allocate(uptr size, uptr align, bool zero, struct lsan_site site)
{
    if (LSAN_UNLIKELY(!lsan_primary.space_beg))
        lsan_init_allocator();
    /* A slot's bytes beyond its last owner's size are zero, and the primary
     * clears the rest, unless clear_recycled_chunks=0 leaves stale bytes. */
    zero = zero && LSAN_UNLIKELY(!lsan_flags.clear_recycled_chunks);
    if (!size)
        size = 1;
    if (LSAN_UNLIKELY(size > max_size()))
        return fail(LSAN_ERR_TOO_BIG, size, max_size(), site);
    if (LSAN_UNLIKELY(align > max_size()))
        return fail(LSAN_ERR_OOM, size, 0, site); /* no mapping can hold it */
    u32 stack_id = record_stack(site);
    u32 flags = new_chunk_flags();
    void *p;
    if (LSAN_LIKELY(align <= 16 && size <= LSAN_PRIMARY_MAX)) {
        p = lsan_primary_alloc(lsan_size_class(size), size, stack_id, flags);
        if (LSAN_UNLIKELY(!lsan_primary_has_cache()) && p)
            lsan_primary_count_uncached(size, 0);
    } else {
        uptr need = size > align ? size : align;
        uptr pow2 = 1ul << (64 - __builtin_clzl(need - 1));
        if (align > 16 && pow2 <= LSAN_PRIMARY_MAX) {
            p = lsan_primary_alloc(lsan_size_class(pow2), size, stack_id, flags);
            if (!lsan_primary_has_cache() && p)
                lsan_primary_count_uncached(size, 0);
        } else {
            p = lsan_large_alloc(size, align, stack_id, flags);
            if (p)
                __atomic_fetch_add(&large_allocated, size, __ATOMIC_RELAXED);
        }
    }
    if (LSAN_UNLIKELY(!p))
        return fail(LSAN_ERR_OOM, size, 0, site);
    if (zero && lsan_primary_owns((uptr)p))
        __builtin_memset(p, 0, size);
    if (LSAN_UNLIKELY(n_hooks))
        run_malloc_hooks(p, size);
    return p;
}

/* The free log's record of the free that released the chunk at p, if it is
 * the last free of that chunk (its allocation stack must be alloc_stack). */
static const struct lsan_freed *first_free(uptr p, u32 alloc_stack, struct lsan_freed *f)
{
    if (!lsan_freelog_find(p, f) || f->alloc_stack != alloc_stack)
        return NULL;
    return f;
}

/* Why a pointer passed to free/realloc is not a live chunk start: reports and
 * exits. A double free is caught from the chunk's state whatever
 * detect_double_free says; the flag only decides whether the first free's
 * stack is known. */
static void bad_pointer(uptr p, struct lsan_site site)
{
    struct lsan_chunk c;
    struct lsan_freed f;
    if (lsan_primary_owns(p)) {
        struct lsan_region *r;
        u32 idx = lsan_primary_slot(p, &r);
        if (idx != UINT32_MAX) {
            struct lsan_meta *m = &r->meta[idx];
            u32 word = __atomic_load_n(&m->word, __ATOMIC_ACQUIRE);
            uptr size = word & LSAN_META_SIZE_MASK;
            /* a slot keeps its last owner's size; 0: never handed out */
            if (r->beg + (uptr)idx * r->size == p && !(word & LSAN_META_LIVE) && size)
                lsan_error_double_free(p, size, m->stack_id,
                                       first_free(p, m->stack_id, &f), site);
        }
    }
    if (lsan_chunk_lookup(p, &c))
        lsan_error_bad_free(LSAN_ERR_INTERIOR, p, c.beg, c.size, c.stack_id, site);
    /* A freed large chunk is unmapped with its descriptor: the log knows it. */
    if (lsan_large_owns(p) && lsan_freelog_find(p, &f))
        lsan_error_double_free(p, f.size, f.alloc_stack, f.free_stack ? &f : NULL, site);
    lsan_error_bad_free(LSAN_ERR_WILD_FREE, p, 0, 0, 0, site);
}

void lsan_alloc_free(void *ptr, struct lsan_site site)
{
    uptr p = (uptr)ptr;
    if (!p)
        return;
    if (LSAN_UNLIKELY(n_hooks))
        run_free_hooks(ptr);
    if (LSAN_LIKELY(lsan_primary_owns(p))) {
        struct lsan_region *r;
        u32 idx = lsan_primary_slot(p, &r);
        if (LSAN_LIKELY(idx != UINT32_MAX && r->beg + (uptr)idx * r->size == p)) {
            struct lsan_meta *m = &r->meta[idx];
            u32 word = __atomic_load_n(&m->word, __ATOMIC_ACQUIRE);
            u32 cls = (u32)(r - lsan_primary.regions);
            /* of two racing frees, one wins, the other reports */
            if (LSAN_LIKELY(word & LSAN_META_LIVE) && lsan_primary_free_begin(cls, idx, m)) {
                u32 size = word & LSAN_META_SIZE_MASK;
                /* logged before the slot can be handed out and freed again;
                 * only on request: it costs a stack per free */
                if (LSAN_UNLIKELY(lsan_flags.detect_double_free))
                    lsan_freelog_add(p, size, m->stack_id, record_stack(site));
                bool cached = lsan_primary_has_cache();
                lsan_primary_free_end(cls, idx, size);
                if (!cached)
                    lsan_primary_count_uncached(0, size);
                return;
            }
        }
    } else if (lsan_large_owns(p)) {
        struct lsan_large_chunk *l = lsan_large_lookup(p);
        if (l && l->beg == p) {
            uptr size = l->size;
            /* large frees are rare and dear: their stack is always kept */
            if (lsan_large_free(l, p, record_stack(site))) {
                __atomic_fetch_sub(&large_allocated, size, __ATOMIC_RELAXED);
                return;
            }
        }
    }
    bad_pointer(p, site);
}

void lsan_alloc_free_sized(void *ptr, uptr size, uptr align, bool aligned, struct lsan_site site)
{
    struct lsan_chunk c;
    if (ptr && lsan_chunk_lookup_begin((uptr)ptr, &c)) {
        /* The requested alignment is not recorded: catch what the block
         * itself rules out. */
        if (aligned && (!lsan_bits_is_pow2(align) || (c.beg & (align - 1))))
            lsan_error_free_mismatch(LSAN_ERR_FREE_ALIGN, &c, size, align, aligned, site);
        /* malloc(0) and aligned_alloc(a, 0) hold 1 byte */
        if (size != c.size && !(size == 0 && c.size == 1))
            lsan_error_free_mismatch(LSAN_ERR_FREE_SIZE, &c, size, align, aligned, site);
    }
    lsan_alloc_free(ptr, site);
}

void *lsan_alloc_realloc(void *ptr, uptr size, struct lsan_site site)
{
    if (!ptr)
        return lsan_alloc_allocate(size, 16, false, site);
    struct lsan_chunk c;
    if (!lsan_chunk_lookup_begin((uptr)ptr, &c)) {
        bad_pointer((uptr)ptr, site);
        __builtin_unreachable(); /* it returns only for a free */
    }
    if (!size) {
        lsan_alloc_free(ptr, site);
        return NULL;
    }
    if (size > max_size())
        return fail(LSAN_ERR_TOO_BIG, size, max_size(), site);
    if (c.meta && lsan_primary_has_cache()) {
        struct lsan_region *r;
        u32 idx = lsan_primary_slot((uptr)ptr, &r);
        u32 cls = (u32)(r - lsan_primary.regions);
        /* stay in place when the new size still belongs to this class */
        if (size <= r->size && (cls <= 8 ? lsan_size_class(size) == cls : size > r->size / 2)) {
            /* a new allocation for LSan: new stack, ignored only if disabled now */
            lsan_primary_resize(cls, idx, c.meta, size, record_stack(site), new_chunk_flags());
            return ptr;
        }
    }
    void *n = lsan_alloc_allocate(size, 16, false, site);
    if (!n)
        return NULL;
    __builtin_memcpy(n, ptr, c.size < size ? c.size : size);
    lsan_alloc_free(ptr, site);
    return n;
}

uptr lsan_alloc_size(const void *p)
{
    struct lsan_chunk c;
    return lsan_chunk_lookup_begin((uptr)p, &c) ? c.size : 0;
}

bool lsan_alloc_ignore(const void *p)
{
    struct lsan_chunk c;
    if (!lsan_chunk_lookup((uptr)p, &c))
        return false;
    if (c.meta)
        __atomic_fetch_or(&c.meta->word, LSAN_META_IGNORED, __ATOMIC_RELAXED);
    else
        __atomic_fetch_or(&c.large->flags, LSAN_META_IGNORED, __ATOMIC_RELAXED);
    return true;
}

void lsan_alloc_get_stats(struct lsan_alloc_stats *s)
{
    uptr allocated, mapped, cached_free;
    lsan_primary_stats(&allocated, &mapped, &cached_free);
    s->allocated = allocated + __atomic_load_n(&large_allocated, __ATOMIC_RELAXED);
    s->mapped = mapped + lsan_large.mapped_bytes;
    s->free = mapped > allocated ? mapped - allocated : 0;
    s->unmapped = 0;
}

void lsan_alloc_purge(void) { lsan_primary_purge(); }

int lsan_alloc_install_hooks(void (*m)(const volatile void *, uptr), void (*f)(const volatile void *))
{
    if (n_hooks >= MAX_HOOKS)
        return 0;
    hooks[n_hooks].malloc_hook = m;
    hooks[n_hooks].free_hook = f;
    __atomic_store_n(&n_hooks, n_hooks + 1, __ATOMIC_RELEASE);
    return n_hooks;
}

static void check_invariants_locked(void)
{
    lsan_primary_check_invariants_locked();
    lsan_large_check_invariants_locked();
}

void lsan_alloc_lock_all(void)
{
    lsan_primary_lock_all();
    lsan_mutex_lock(&lsan_large.mu);
    lsan_depot_lock();
    if (LSAN_DEBUG_BUILD)
        check_invariants_locked();
}

void lsan_alloc_unlock_all(void)
{
    if (LSAN_DEBUG_BUILD)
        check_invariants_locked();
    lsan_depot_unlock();
    lsan_mutex_unlock(&lsan_large.mu);
    lsan_primary_unlock_all();
}

void lsan_alloc_after_fork_child(void)
{
    lsan_depot_after_fork_child();
    lsan_freelog_after_fork_child();
    lsan_large.mu.state = 0;
    lsan_primary_after_fork_child();
}
