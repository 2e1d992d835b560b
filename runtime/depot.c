/* Stack depot: a fixed bucket array of atomic ids, each the head of a chain of
 * immutable nodes in one reserved arena; id = node offset / 8. A node is fully
 * written before its id is published with a release store. */
#include "runtime/depot.h"

#include "platform/bits.h"
#include "platform/check.h"
#include "platform/fmt.h"
#include "platform/mem.h"
#include "platform/mutex.h"

#define N_BUCKETS (1u << 20)
#define ARENA_SIZE (32ul << 30)

struct node {
    u32 next;
    u32 hash;
    u32 n;
    u32 pad;
    uptr pcs[];
};

static struct {
    struct lsan_mutex mu;
    u32 *buckets;
    char *arena;
    uptr used, committed;
} depot __attribute__((section("lsan_state")));

void lsan_depot_init(void)
{
    depot.buckets = lsan_mem_map(N_BUCKETS * sizeof(u32));
    depot.arena = lsan_mem_reserve(ARENA_SIZE);
    if (!depot.buckets || !depot.arena) {
        lsan_fmt_eprintf("==%ld==leaksan: cannot map the stack depot\n", sys_getpid());
        lsan_check_die(1);
    }
    depot.used = 8; /* offset 0 is id 0: "no stack" */
}

static u32 hash_trace(const uptr *pcs, u32 n)
{
    u64 h = 0x9e3779b97f4a7c15ull ^ n;
    for (u32 i = 0; i < n; i++) {
        h ^= pcs[i];
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    return (u32)h | 1;
}

static struct node *node_at(u32 id) { return (struct node *)(depot.arena + (uptr)id * 8); }

static u32 find(u32 head, u32 h, const uptr *pcs, u32 n)
{
    for (u32 id = head; id; id = node_at(id)->next) {
        struct node *nd = node_at(id);
        if (nd->hash != h || nd->n != n)
            continue;
        u32 i = 0;
        while (i < n && nd->pcs[i] == pcs[i])
            i++;
        if (i == n)
            return id;
    }
    return 0;
}

u32 lsan_depot_put(const uptr *pcs, u32 n)
{
    if (!n)
        return 0;
    u32 h = hash_trace(pcs, n);
    u32 *bucket = &depot.buckets[h & (N_BUCKETS - 1)];
    u32 id = find(__atomic_load_n(bucket, __ATOMIC_ACQUIRE), h, pcs, n);
    if (LSAN_LIKELY(id))
        return id;
    lsan_mutex_lock(&depot.mu);
    id = find(__atomic_load_n(bucket, __ATOMIC_ACQUIRE), h, pcs, n);
    if (!id) {
        uptr need = sizeof(struct node) + n * sizeof(uptr);
        if (depot.used + need > depot.committed) {
            uptr target = lsan_bits_round_up(depot.used + need, 1ul << 20);
            if (target > ARENA_SIZE ||
                !lsan_mem_commit(depot.arena + depot.committed, target - depot.committed)) {
                lsan_mutex_unlock(&depot.mu);
                return 0;
            }
            depot.committed = target;
        }
        id = (u32)(depot.used / 8);
        struct node *nd = node_at(id);
        nd->next = *bucket;
        nd->hash = h;
        nd->n = n;
        for (u32 i = 0; i < n; i++)
            nd->pcs[i] = pcs[i];
        depot.used += need;
        __atomic_store_n(bucket, id, __ATOMIC_RELEASE);
    }
    lsan_mutex_unlock(&depot.mu);
    return id;
}

const uptr *lsan_depot_get(u32 id, u32 *n)
{
    if (!id || (uptr)id * 8 >= depot.used) {
        *n = 0;
        return NULL;
    }
    struct node *nd = node_at(id);
    *n = nd->n;
    return nd->pcs;
}

void lsan_depot_lock(void) { lsan_mutex_lock(&depot.mu); }
void lsan_depot_unlock(void) { lsan_mutex_unlock(&depot.mu); }
void lsan_depot_after_fork_child(void) { depot.mu.state = 0; }
