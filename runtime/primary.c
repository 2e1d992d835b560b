/* The size-class allocator: one 32 GiB region per class inside one reserved
 * range, out-of-band metadata and a live bitmap per region, central free stacks
 * of slot indices, and per-thread caches. Never calls libc malloc; user memory
 * holds no allocator state, so a heap overflow cannot corrupt it. */
#include <pthread.h>
#include <sys/mman.h>

#include "runtime/primary.h"

#include "platform/bits.h"
#include "platform/check.h"
#include "platform/fmt.h"
#include "platform/mem.h"
#include "platform/mutex.h"
#include "runtime/alloc.h"
#include "runtime/flags.h"

struct lsan_primary lsan_primary __attribute__((section("lsan_state")));

#define COMMIT_STEP (1ul << 20)

struct tc_bin {
    u32 count, max;
    u32 *slots;
};

struct lsan_tcache {
    struct tc_bin bins[LSAN_NUM_CLASSES];
    u64 alloc_bytes, free_bytes;
    struct lsan_tcache *next_all, *next_free;
    u32 storage[];
};

static __thread struct lsan_tcache *tcache;
static __thread bool thread_dead;

static struct lsan_mutex caches_mu;
static struct lsan_tcache *all_caches, *free_caches;
static pthread_key_t cache_key;
static bool cache_key_ready;
static u32 bin_max[LSAN_NUM_CLASSES];
static size_t tcache_bytes;

static u32 class_size(u32 c)
{
    if (c <= 8)
        return c * 16;
    u32 k = c - 9, l = 7 + k / 8, idx = k % 8;
    return (1u << l) + (idx + 1) * (1u << (l - 3));
}

static void cache_destructor(void *arg);

void lsan_primary_init(void)
{
    void *space = lsan_mem_reserve(LSAN_HEAP_SIZE); /* the large space follows */
    if (!space) {
        lsan_fmt_eprintf("==%ld==leaksan: cannot reserve %lu GiB of address space for the heap "
                         "(is 'ulimit -v' set?)\n",
                         sys_getpid(), LSAN_HEAP_SIZE >> 30);
        lsan_check_die(1);
    }
    lsan_primary.space_beg = (uptr)space;
    size_t slots = 0;
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        struct lsan_region *r = &lsan_primary.regions[c];
        r->size = class_size(c);
        r->magic = ~0ull / r->size + 1; /* ceil(2^64 / size) */
        r->beg = lsan_primary.space_beg + ((uptr)c << LSAN_REGION_SHIFT);
        r->max_slots = (u32)((LSAN_REGION_SIZE / r->size) > 0xfffffff0u ? 0xfffffff0u
                                                                         : LSAN_REGION_SIZE / r->size);
        u32 m = r->size <= 256 ? 128 : r->size <= 1024 ? 64 : r->size <= 4096 ? 32 : r->size <= 16384 ? 8 : 4;
        bin_max[c] = m;
        slots += m;
    }
    /* Class 0 never holds chunks: a lookup there must find nothing. */
    lsan_primary.regions[0].size = 16;
    lsan_primary.regions[0].magic = ~0ull / 16 + 1;
    lsan_primary.regions[0].beg = lsan_primary.space_beg;
    tcache_bytes = sizeof(struct lsan_tcache) + slots * sizeof(u32);
}

/* Called once libc is usable: thread-exit hook for caches. */
void lsan_primary_init_late(void)
{
    if (!cache_key_ready && pthread_key_create(&cache_key, cache_destructor) == 0)
        cache_key_ready = true;
}

/* Past this much memory in one array, ask for transparent huge pages: a big
 * heap is walked at random by the program and by the scanner, and 4 KiB pages
 * make nearly every access a TLB miss. Small heaps keep 4 KiB pages, so their
 * RSS is not rounded up to 2 MiB. */
#define HUGE_FROM (8ul << 20)
#define HUGE_PAGE (2ul << 20)

static bool grow(uptr *committed, uptr base, uptr need, uptr step)
{
    if (need <= *committed)
        return true;
    if (need > HUGE_FROM && step < HUGE_PAGE)
        step = HUGE_PAGE;
    uptr target = lsan_bits_round_up(need, step);
    if (!lsan_mem_commit((void *)(base + *committed), target - *committed))
        return false;
    if (target > HUGE_FROM) {
        uptr lo = lsan_bits_round_up(base + (*committed > HUGE_FROM ? *committed : HUGE_FROM), HUGE_PAGE);
        uptr hi = lsan_bits_round_down(base + target, HUGE_PAGE);
        if (hi > lo)
            sys_madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
    }
    *committed = target;
    return true;
}

static bool region_setup_locked(struct lsan_region *r)
{
    LSAN_ASSERT_HELD(&r->mu);
    if (r->meta)
        return true;
    void *meta = lsan_mem_reserve((uptr)r->max_slots * sizeof(struct lsan_meta));
    void *live = lsan_mem_reserve(lsan_bits_round_up((uptr)r->max_slots / 8 + 8, LSAN_PAGE));
    void *fr = lsan_mem_reserve((uptr)r->max_slots * sizeof(u32));
    if (!meta || !live || !fr)
        return false;
    r->live = live;
    r->free = fr;
    __atomic_store_n(&r->meta, (struct lsan_meta *)meta, __ATOMIC_RELEASE);
    return true;
}

/* Takes up to n free slot indices of class c into out; returns how many. */
static u32 region_take(u32 c, u32 *out, u32 n)
{
    struct lsan_region *r = &lsan_primary.regions[c];
    lsan_mutex_lock(&r->mu);
    u32 got = 0;
    if (r->n_free) {
        got = n < r->n_free ? n : r->n_free;
        r->n_free -= got;
        for (u32 i = 0; i < got; i++)
            out[i] = r->free[r->n_free + i];
    } else if (region_setup_locked(r) && r->n_slots < r->max_slots) {
        got = n < r->max_slots - r->n_slots ? n : r->max_slots - r->n_slots;
        u32 end = r->n_slots + got;
        uptr step = COMMIT_STEP > (uptr)r->size * 4 ? COMMIT_STEP : lsan_bits_round_up((uptr)r->size * 4, LSAN_PAGE);
        if (!grow(&r->committed_user, r->beg, (uptr)end * r->size, step) ||
            !grow(&r->committed_meta, (uptr)r->meta, (uptr)end * sizeof(struct lsan_meta), 64 * LSAN_PAGE) ||
            !grow(&r->committed_live, (uptr)r->live, ((uptr)end + 63) / 8, LSAN_PAGE)) {
            got = 0;
        } else {
            for (u32 i = 0; i < got; i++)
                out[i] = end - 1 - i;
            __atomic_store_n(&r->n_slots, end, __ATOMIC_RELEASE);
        }
    }
    lsan_mutex_unlock(&r->mu);
    return got;
}

static void region_put(u32 c, const u32 *in, u32 n)
{
    struct lsan_region *r = &lsan_primary.regions[c];
    lsan_mutex_lock(&r->mu);
    LSAN_CHECK(grow(&r->committed_free, (uptr)r->free, ((uptr)r->n_free + n) * sizeof(u32),
                    16 * LSAN_PAGE));
    for (u32 i = 0; i < n; i++)
        r->free[r->n_free + i] = in[i];
    r->n_free += n;
    lsan_mutex_unlock(&r->mu);
}

static struct lsan_tcache *tcache_create(void)
{
    lsan_mutex_lock(&caches_mu);
    struct lsan_tcache *tc = free_caches;
    if (tc) {
        free_caches = tc->next_free;
    } else {
        tc = lsan_mem_map(tcache_bytes);
        if (tc) {
            u32 *s = tc->storage;
            for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
                tc->bins[c].max = bin_max[c];
                tc->bins[c].slots = s;
                s += bin_max[c];
            }
            tc->next_all = all_caches;
            all_caches = tc;
        }
    }
    lsan_mutex_unlock(&caches_mu);
    if (tc && cache_key_ready)
        pthread_setspecific(cache_key, tc);
    return tc;
}

static void tcache_flush(struct lsan_tcache *tc)
{
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        struct tc_bin *b = &tc->bins[c];
        if (b->count)
            region_put(c, b->slots, b->count);
        b->count = 0;
    }
}

static void tcache_release(struct lsan_tcache *tc)
{
    tcache_flush(tc);
    lsan_mutex_lock(&caches_mu);
    tc->next_free = free_caches;
    free_caches = tc;
    lsan_mutex_unlock(&caches_mu);
}

static void cache_destructor(void *arg)
{
    struct lsan_tcache *tc = arg;
    if (tc && tc == tcache) {
        tcache = NULL;
        thread_dead = true;
        tcache_release(tc);
    }
}

static inline void *slot_ptr(struct lsan_region *r, u32 idx) { return (void *)(r->beg + (uptr)idx * r->size); }

/* Hands out a slot of class c holding `size` requested bytes; clears what the
 * slot's previous owner left, so stale pointers never keep chunks alive
 * (unless clear_recycled_chunks=0, where lsan_alloc_allocate clears for calloc). */
static LSAN_ALWAYS_INLINE void *slot_activate(u32 c, u32 idx, uptr size, u32 stack_id, u32 flags)
{
    struct lsan_region *r = &lsan_primary.regions[c];
    struct lsan_meta *m = &r->meta[idx];
    void *p = slot_ptr(r, idx);
    u32 prev = m->word & LSAN_META_SIZE_MASK;
    if (prev && LSAN_LIKELY(lsan_flags.clear_recycled_chunks))
        __builtin_memset(p, 0, prev);
    m->stack_id = stack_id;
    __atomic_store_n(&m->word, (u32)size | LSAN_META_LIVE | flags, __ATOMIC_RELEASE);
    __atomic_fetch_or(&r->live[idx >> 6], 1ul << (idx & 63), __ATOMIC_RELAXED);
    return p;
}

void *lsan_primary_alloc(u32 c, uptr size, u32 stack_id, u32 flags)
{
    struct lsan_tcache *tc = tcache;
    if (LSAN_LIKELY(tc != NULL)) {
        struct tc_bin *b = &tc->bins[c];
        if (LSAN_UNLIKELY(!b->count)) {
            b->count = region_take(c, b->slots, b->max / 2);
            if (!b->count)
                return NULL;
        }
        tc->alloc_bytes += size;
        return slot_activate(c, b->slots[--b->count], size, stack_id, flags);
    }
    if (!thread_dead && (tc = tcache_create()) != NULL) {
        tcache = tc;
        return lsan_primary_alloc(c, size, stack_id, flags);
    }
    u32 idx;
    if (!region_take(c, &idx, 1))
        return NULL;
    return slot_activate(c, idx, size, stack_id, flags);
}

/* First half of freeing slot idx of class c whose metadata is m: clears its
 * live bit and marks m free. Of racing frees of one chunk, only the one that
 * cleared the bit gets true; the others must not go on. */
bool lsan_primary_free_begin(u32 c, u32 idx, struct lsan_meta *m)
{
    struct lsan_region *r = &lsan_primary.regions[c];
    u64 bit = 1ul << (idx & 63);
    if (!(__atomic_fetch_and(&r->live[idx >> 6], ~bit, __ATOMIC_ACQ_REL) & bit))
        return false;
    __atomic_store_n(&m->word, m->word & LSAN_META_SIZE_MASK, __ATOMIC_RELEASE);
    return true;
}

/* Second half: the slot, which held size bytes, goes to this thread's cache
 * (or back to its region). */
void lsan_primary_free_end(u32 c, u32 idx, u32 size)
{
    struct lsan_tcache *tc = tcache;
    if (LSAN_LIKELY(tc != NULL)) {
        struct tc_bin *b = &tc->bins[c];
        if (LSAN_UNLIKELY(b->count == b->max)) {
            u32 half = b->max / 2;
            region_put(c, b->slots + b->count - half, half);
            b->count -= half;
        }
        b->slots[b->count++] = idx;
        tc->free_bytes += size;
        return;
    }
    region_put(c, &idx, 1);
}

/* Shrinks or grows a live chunk within its slot, which then holds new_size
 * bytes allocated by stack_id with flags; clears the tail it gives up. */
void lsan_primary_resize(u32 c, u32 idx, struct lsan_meta *m, uptr new_size, u32 stack_id,
                         u32 flags)
{
    struct lsan_region *r = &lsan_primary.regions[c];
    u32 old = m->word & LSAN_META_SIZE_MASK;
    if (new_size < old && lsan_flags.clear_recycled_chunks)
        __builtin_memset((char *)slot_ptr(r, idx) + new_size, 0, old - new_size);
    m->stack_id = stack_id;
    __atomic_store_n(&m->word, (u32)new_size | LSAN_META_LIVE | flags, __ATOMIC_RELEASE);
    struct lsan_tcache *tc = tcache;
    if (tc) {
        tc->alloc_bytes += new_size;
        tc->free_bytes += old;
    }
}

uptr lsan_primary_class_size(u32 c) { return lsan_primary.regions[c].size; }

void lsan_primary_stats(uptr *allocated, uptr *mapped, uptr *cached_free)
{
    u64 a = 0, f = 0;
    uptr m = 0, cf = 0;
    lsan_mutex_lock(&caches_mu);
    for (struct lsan_tcache *tc = all_caches; tc; tc = tc->next_all) {
        a += tc->alloc_bytes;
        f += tc->free_bytes;
    }
    lsan_mutex_unlock(&caches_mu);
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        struct lsan_region *r = &lsan_primary.regions[c];
        m += r->committed_user;
        cf += (uptr)r->n_free * r->size;
    }
    *allocated = (uptr)(a - f);
    *mapped = m;
    *cached_free = cf;
}

/* Allocations of threads without a cache are not in any tcache counter: they
 * are accounted here. */
void lsan_primary_count_uncached(uptr alloc, uptr freed)
{
    lsan_mutex_lock(&caches_mu);
    if (all_caches) {
        all_caches->alloc_bytes += alloc;
        all_caches->free_bytes += freed;
    }
    lsan_mutex_unlock(&caches_mu);
}

bool lsan_primary_has_cache(void) { return tcache != NULL; }

/* Gives free pages of large classes back to the OS and empties this thread's
 * cache (__sanitizer_purge_allocator). */
void lsan_primary_purge(void)
{
    if (tcache)
        tcache_flush(tcache);
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        struct lsan_region *r = &lsan_primary.regions[c];
        if (r->size < LSAN_PAGE)
            continue;
        lsan_mutex_lock(&r->mu);
        for (u32 i = 0; i < r->n_free; i++) {
            u32 idx = r->free[i];
            uptr beg = lsan_bits_round_up((uptr)slot_ptr(r, idx), LSAN_PAGE);
            uptr end = lsan_bits_round_down((uptr)slot_ptr(r, idx) + r->size, LSAN_PAGE);
            if (end > beg && !sys_madvise((void *)beg, end - beg, MADV_DONTNEED)) {
                /* the whole slot now reads as zero only if nothing else was left */
                uptr head = beg - (uptr)slot_ptr(r, idx);
                if (head == 0 && end == (uptr)slot_ptr(r, idx) + r->size)
                    r->meta[idx].word = 0;
            }
        }
        lsan_mutex_unlock(&r->mu);
    }
}

void lsan_primary_lock_all(void)
{
    lsan_mutex_lock(&caches_mu);
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++)
        lsan_mutex_lock(&lsan_primary.regions[c].mu);
}

void lsan_primary_unlock_all(void)
{
    for (u32 c = LSAN_NUM_CLASSES - 1; c >= 1; c--)
        lsan_mutex_unlock(&lsan_primary.regions[c].mu);
    lsan_mutex_unlock(&caches_mu);
}

/* In a forked child only the forking thread lives on. Other threads' cached
 * slots are lost to the child (they stay free, never handed out), which is
 * harmless; their caches must not be reused by the list. */
void lsan_primary_after_fork_child(void)
{
    caches_mu.state = 0;
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++)
        lsan_primary.regions[c].mu.state = 0;
}

/* LSAN_DEBUG's walk of the size classes (alloc.h), with every region lock
 * held. Thread caches are their threads' own (changed without a lock), so
 * only the central state is checked. */
void lsan_primary_check_invariants_locked(void)
{
    LSAN_ASSERT_HELD(&caches_mu);
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        struct lsan_region *r = &lsan_primary.regions[c];
        LSAN_ASSERT_HELD(&r->mu);
        LSAN_CHECK(r->size == class_size(c) && r->magic == ~0ull / r->size + 1);
        LSAN_CHECK(r->beg == lsan_primary.space_beg + ((uptr)c << LSAN_REGION_SHIFT));
        LSAN_CHECK(r->n_slots <= r->max_slots && r->n_free <= r->n_slots);
        if (!r->meta) {
            LSAN_CHECK(r->n_slots == 0 && r->n_free == 0);
            continue;
        }
        LSAN_CHECK(r->committed_user >= (uptr)r->n_slots * r->size);
        LSAN_CHECK(r->committed_meta >= (uptr)r->n_slots * sizeof(struct lsan_meta));
        LSAN_CHECK(r->committed_live >= ((uptr)r->n_slots + 63) / 8);
        LSAN_CHECK(r->committed_free >= (uptr)r->n_free * sizeof(u32));
        /* no live bit past the carved slots */
        if (r->n_slots % 64)
            LSAN_CHECK(!(r->live[r->n_slots / 64] >> (r->n_slots % 64)));
        /* a free slot is carved, not live, and listed once: its bit in a
         * scratch map is set on the first sight */
        uptr seen_bytes = ((uptr)r->n_slots + 63) / 64 * 8;
        u64 *seen = r->n_free ? lsan_mem_map(seen_bytes) : NULL;
        LSAN_CHECK(!r->n_free || seen);
        for (u32 i = 0; i < r->n_free; i++) {
            u32 idx = r->free[i];
            LSAN_CHECK(idx < r->n_slots);
            u64 bit = 1ul << (idx & 63);
            LSAN_CHECK(!(r->live[idx >> 6] & bit) && !(r->meta[idx].word & LSAN_META_LIVE));
            LSAN_CHECK(!(seen[idx >> 6] & bit));
            seen[idx >> 6] |= bit;
        }
        lsan_mem_unmap(seen, seen_bytes);
    }
}
