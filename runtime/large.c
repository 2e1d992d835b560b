/* Large chunks (above LSAN_PRIMARY_MAX or with large alignment): each starts
 * on a 1 MiB granule of one reserved range; a granule -> descriptor table makes
 * pointer lookup O(1). Freed chunks give their pages back to the OS at once.
 * All state is out of band; one mutex guards allocation and free. */
#include <sys/mman.h>

#include "runtime/large.h"

#include "platform/bits.h"
#include "platform/check.h"
#include "platform/fmt.h"
#include "platform/mem.h"
#include "platform/mutex.h"
#include "runtime/alloc.h"
#include "runtime/freelog.h"

struct lsan_large lsan_large __attribute__((section("lsan_state")));

#define GRANULE (1ul << LSAN_LARGE_GRANULE_SHIFT)
#define N_GRANULES (LSAN_LARGE_SPACE_SIZE >> LSAN_LARGE_GRANULE_SHIFT)
#define MAX_DESCS (1u << 22)
#define MAX_EXTENTS (1u << 20)

void lsan_large_init(void)
{
    /* reserved by lsan_primary_init, right after the primary space */
    lsan_large.space_beg = lsan_primary.space_beg + LSAN_SPACE_SIZE;
    lsan_large.granule_owner = lsan_mem_map(N_GRANULES * sizeof(u32));
    lsan_large.descs = lsan_mem_map((uptr)MAX_DESCS * sizeof(struct lsan_large_chunk));
    lsan_large.live = lsan_mem_map((uptr)MAX_DESCS * sizeof(u32));
    lsan_large.extents = lsan_mem_map((uptr)MAX_EXTENTS * 2 * sizeof(u32));
    if (!lsan_large.space_beg || !lsan_large.granule_owner || !lsan_large.descs ||
        !lsan_large.live || !lsan_large.extents) {
        lsan_fmt_eprintf("==%ld==leaksan: cannot reserve address space for large chunks\n",
                         sys_getpid());
        lsan_check_die(1);
    }
}

/* First-fit over the free extents, then the untouched end of the range. */
static sptr granules_take_locked(uptr n)
{
    LSAN_ASSERT_HELD(&lsan_large.mu);
    struct lsan_large *L = &lsan_large;
    for (u32 i = 0; i < L->n_extents; i++) {
        u32 *e = &L->extents[2 * i];
        if (e[1] < n)
            continue;
        sptr first = e[0];
        e[0] += (u32)n;
        e[1] -= (u32)n;
        if (!e[1]) {
            L->n_extents--;
            e[0] = L->extents[2 * L->n_extents];
            e[1] = L->extents[2 * L->n_extents + 1];
        }
        return first;
    }
    if (L->bump + n > N_GRANULES)
        return -1;
    sptr first = (sptr)L->bump;
    L->bump += n;
    return first;
}

static void granules_put_locked(uptr first, uptr n)
{
    LSAN_ASSERT_HELD(&lsan_large.mu);
    struct lsan_large *L = &lsan_large;
    if (first + n == L->bump) {
        L->bump = first;
        return;
    }
    for (u32 i = 0; i < L->n_extents; i++) {
        u32 *e = &L->extents[2 * i];
        if (e[0] + e[1] == first) {
            e[1] += (u32)n;
            return;
        }
        if (first + n == e[0]) {
            e[0] = (u32)first;
            e[1] += (u32)n;
            return;
        }
    }
    if (L->n_extents < MAX_EXTENTS) {
        L->extents[2 * L->n_extents] = (u32)first;
        L->extents[2 * L->n_extents + 1] = (u32)n;
        L->n_extents++;
    }
}

void *lsan_large_alloc(uptr size, uptr align, u32 stack_id, u32 flags)
{
    struct lsan_large *L = &lsan_large;
    uptr map_size = lsan_bits_round_up(size, LSAN_PAGE);
    if (align < GRANULE)
        align = GRANULE;
    uptr extra = (align - GRANULE) >> LSAN_LARGE_GRANULE_SHIFT;
    uptr n = (map_size + GRANULE - 1) >> LSAN_LARGE_GRANULE_SHIFT;
    if (n + extra > 0xffffffffu)
        return NULL;
    lsan_mutex_lock(&L->mu);
    sptr first = granules_take_locked(n + extra);
    if (first < 0) {
        lsan_mutex_unlock(&L->mu);
        return NULL;
    }
    uptr beg = L->space_beg + ((uptr)first << LSAN_LARGE_GRANULE_SHIFT);
    uptr aligned = lsan_bits_round_up(beg, align);
    uptr skip = (aligned - beg) >> LSAN_LARGE_GRANULE_SHIFT;
    if (skip)
        granules_put_locked((uptr)first, skip);
    if (extra - skip)
        granules_put_locked((uptr)first + skip + n, extra - skip);
    first += (sptr)skip;
    u32 d;
    if (L->free_desc) {
        d = L->free_desc - 1;
        L->free_desc = L->descs[d].live_index;
    } else if (L->n_descs < MAX_DESCS) {
        d = L->n_descs++;
    } else {
        granules_put_locked((uptr)first, n);
        lsan_mutex_unlock(&L->mu);
        return NULL;
    }
    if (!lsan_mem_commit((void *)aligned, map_size)) {
        granules_put_locked((uptr)first, n);
        L->descs[d].live_index = L->free_desc;
        L->free_desc = d + 1;
        lsan_mutex_unlock(&L->mu);
        return NULL;
    }
    struct lsan_large_chunk *c = &L->descs[d];
    c->beg = aligned;
    c->size = size;
    c->map_beg = aligned;
    c->map_size = map_size;
    c->granules = (u32)n;
    c->stack_id = stack_id;
    c->live_index = L->n_live;
    L->live[L->n_live++] = d;
    for (uptr g = 0; g < n; g++)
        L->granule_owner[(uptr)first + g] = d + 1;
    __atomic_store_n(&c->flags, flags | LSAN_META_LIVE, __ATOMIC_RELEASE);
    L->mapped_bytes += map_size;
    lsan_mutex_unlock(&L->mu);
    return (void *)aligned;
}

bool lsan_large_free(struct lsan_large_chunk *c, uptr beg, u32 free_stack)
{
    struct lsan_large *L = &lsan_large;
    lsan_mutex_lock(&L->mu);
    if (!(c->flags & LSAN_META_LIVE) || c->beg != beg) {
        lsan_mutex_unlock(&L->mu);
        return false;
    }
    /* Logged before the range can be handed out again, so a later free of a
     * new chunk there is the newer record. */
    lsan_freelog_add(beg, c->size, c->stack_id, free_stack);
    u32 d = (u32)(c - L->descs);
    uptr first = (c->map_beg - L->space_beg) >> LSAN_LARGE_GRANULE_SHIFT;
    __atomic_store_n(&c->flags, 0, __ATOMIC_RELEASE);
    for (uptr g = 0; g < c->granules; g++)
        L->granule_owner[first + g] = 0;
    /* Back to PROT_NONE: the pages return to the OS, the range stays ours. */
    sys_mmap((void *)c->map_beg, c->map_size, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    L->mapped_bytes -= c->map_size;
    granules_put_locked(first, c->granules);
    u32 last = L->live[--L->n_live];
    L->live[c->live_index] = last;
    L->descs[last].live_index = c->live_index;
    c->live_index = L->free_desc;
    L->free_desc = d + 1;
    lsan_mutex_unlock(&L->mu);
    return true;
}

struct lsan_large_chunk *lsan_large_lookup(uptr p)
{
    uptr g = (p - lsan_large.space_beg) >> LSAN_LARGE_GRANULE_SHIFT;
    if (g >= N_GRANULES)
        return NULL;
    u32 d = __atomic_load_n(&lsan_large.granule_owner[g], __ATOMIC_ACQUIRE);
    if (!d)
        return NULL;
    struct lsan_large_chunk *c = &lsan_large.descs[d - 1];
    if (!(__atomic_load_n(&c->flags, __ATOMIC_ACQUIRE) & LSAN_META_LIVE))
        return NULL;
    if (lsan_points_into(p, c->beg, c->size))
        return c;
    return NULL;
}

/* LSAN_DEBUG's walk of the large chunks (alloc.h), under the large lock. */
void lsan_large_check_invariants_locked(void)
{
    struct lsan_large *L = &lsan_large;
    LSAN_ASSERT_HELD(&L->mu);
    LSAN_CHECK(L->n_live <= L->n_descs && L->n_descs <= MAX_DESCS);
    LSAN_CHECK(L->bump <= N_GRANULES && L->n_extents <= MAX_EXTENTS);
    uptr mapped = 0;
    for (u32 i = 0; i < L->n_live; i++) {
        u32 d = L->live[i];
        LSAN_CHECK(d < L->n_descs);
        const struct lsan_large_chunk *c = &L->descs[d];
        LSAN_CHECK(c->live_index == i && (c->flags & LSAN_META_LIVE));
        LSAN_CHECK(c->beg == c->map_beg && (c->beg & (GRANULE - 1)) == 0);
        LSAN_CHECK(c->map_size == lsan_bits_round_up(c->size, LSAN_PAGE));
        LSAN_CHECK((uptr)c->granules << LSAN_LARGE_GRANULE_SHIFT >= c->map_size);
        uptr first = (c->map_beg - L->space_beg) >> LSAN_LARGE_GRANULE_SHIFT;
        LSAN_CHECK(first + c->granules <= L->bump);
        for (uptr g = 0; g < c->granules; g++)
            LSAN_CHECK(L->granule_owner[first + g] == d + 1);
        mapped += c->map_size;
    }
    LSAN_CHECK(mapped == L->mapped_bytes);
    /* every descriptor is live or on the free list, which ends */
    u32 n_free = 0;
    for (u32 f = L->free_desc; f; f = L->descs[f - 1].live_index) {
        LSAN_CHECK(f <= L->n_descs && n_free < L->n_descs);
        LSAN_CHECK(!(L->descs[f - 1].flags & LSAN_META_LIVE));
        n_free++;
    }
    LSAN_CHECK(n_free + L->n_live == L->n_descs);
    /* free extents lie below the bump and own no granule */
    for (u32 i = 0; i < L->n_extents; i++) {
        uptr first = L->extents[2 * i], n = L->extents[2 * i + 1];
        LSAN_CHECK(n > 0 && first + n <= L->bump);
        LSAN_CHECK(L->granule_owner[first] == 0 && L->granule_owner[first + n - 1] == 0);
    }
}
