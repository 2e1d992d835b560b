/* The free log behind double-free reports: a ring of the last
 * double_free_max_entries frees, mapped with mmap on first use. Writers claim
 * a slot with one atomic add and publish it with a sequence word (odd while
 * written), so free() takes no lock; a reader skips slots it sees change. */
#include "runtime/freelog.h"

#include "platform/fmt.h"
#include "platform/mem.h"
#include "runtime/flags.h"

struct slot {
    u64 seq;     /* 0: empty; odd: being written; else 2 * (generation + 1) */
    uptr nbeg;   /* ~beg: the log holds no word the leak scan could take for a heap pointer */
    uptr size;
    u32 alloc_stack;
    u32 free_stack;
};

static struct slot *ring;
static u32 cap;
static u64 head;  /* generations handed out */
static int state; /* 0: not mapped, 1: mapping, 2: ready, 3: mmap failed */

/* LSan's checks and warnings for double_free_max_entries, with its wording. */
static u32 checked_capacity(void)
{
    int n = lsan_flags.double_free_max_entries;
    if (n < 0) {
        lsan_fmt_printf("==%ld==WARNING: LeakSanitizer: double_free_max_entries=%d is negative, "
                        "using 0 (the largest log, %d entries) instead.\n",
                        sys_getpid(), n, LSAN_FREELOG_MAX_ENTRIES);
        n = 0;
    } else if (n > LSAN_FREELOG_MAX_ENTRIES) {
        lsan_fmt_printf("==%ld==WARNING: LeakSanitizer: double_free_max_entries=%d is too large, "
                        "capping it at %d.\n",
                        sys_getpid(), n, LSAN_FREELOG_MAX_ENTRIES);
        n = LSAN_FREELOG_MAX_ENTRIES;
    }
    return n ? (u32)n : LSAN_FREELOG_MAX_ENTRIES;
}

static bool ready(void)
{
    int s = __atomic_load_n(&state, __ATOMIC_ACQUIRE);
    if (LSAN_LIKELY(s == 2))
        return true;
    int expected = 0;
    if (s != 0 || !__atomic_compare_exchange_n(&state, &expected, 1, false, __ATOMIC_ACQ_REL,
                                               __ATOMIC_ACQUIRE))
        return false; /* failed, or another thread maps it: this free goes unrecorded */
    u32 n = checked_capacity();
    struct slot *r = lsan_mem_map((size_t)n * sizeof(struct slot));
    if (!r) {
        lsan_fmt_printf("==%ld==WARNING: LeakSanitizer: cannot map %lu bytes for the log of %u "
                        "frees: double-free reports will lack the first free's stack, and a second "
                        "free of a block over 128 KiB is reported as a bad free; lower "
                        "double_free_max_entries\n",
                        sys_getpid(), (unsigned long)n * sizeof(struct slot), n);
        __atomic_store_n(&state, 3, __ATOMIC_RELEASE);
        return false;
    }
    ring = r;
    cap = n;
    __atomic_store_n(&state, 2, __ATOMIC_RELEASE);
    return true;
}

void lsan_freelog_add(uptr beg, uptr size, u32 alloc_stack, u32 free_stack)
{
    if (LSAN_UNLIKELY(!ready()))
        return;
    u64 gen = __atomic_fetch_add(&head, 1, __ATOMIC_RELAXED);
    struct slot *s = &ring[gen % cap];
    u64 seq = __atomic_load_n(&s->seq, __ATOMIC_RELAXED);
    /* A writer that lapped the ring holds this slot: drop this record. */
    if ((seq & 1) || !__atomic_compare_exchange_n(&s->seq, &seq, seq | 1, false,
                                                  __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;
    __atomic_store_n(&s->nbeg, ~beg, __ATOMIC_RELAXED);
    __atomic_store_n(&s->size, size, __ATOMIC_RELAXED);
    __atomic_store_n(&s->alloc_stack, alloc_stack, __ATOMIC_RELAXED);
    __atomic_store_n(&s->free_stack, free_stack, __ATOMIC_RELAXED);
    __atomic_store_n(&s->seq, 2 * (gen + 1), __ATOMIC_RELEASE);
}

bool lsan_freelog_find(uptr beg, struct lsan_freed *out)
{
    if (__atomic_load_n(&state, __ATOMIC_ACQUIRE) != 2)
        return false;
    u64 best = 0;
    u64 end = __atomic_load_n(&head, __ATOMIC_RELAXED);
    u32 n = end < cap ? (u32)end : cap;
    for (u32 i = 0; i < n; i++) {
        struct slot *s = &ring[i];
        u64 seq = __atomic_load_n(&s->seq, __ATOMIC_ACQUIRE);
        if (!seq || (seq & 1) || seq <= best)
            continue;
        struct lsan_freed f = {
            .beg = ~__atomic_load_n(&s->nbeg, __ATOMIC_RELAXED),
            .size = __atomic_load_n(&s->size, __ATOMIC_RELAXED),
            .alloc_stack = __atomic_load_n(&s->alloc_stack, __ATOMIC_RELAXED),
            .free_stack = __atomic_load_n(&s->free_stack, __ATOMIC_RELAXED),
        };
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (f.beg != beg || __atomic_load_n(&s->seq, __ATOMIC_RELAXED) != seq)
            continue;
        best = seq;
        *out = f;
    }
    return best != 0;
}

u32 lsan_freelog_capacity(void)
{
    return __atomic_load_n(&state, __ATOMIC_ACQUIRE) == 2 ? cap : 0;
}

void lsan_freelog_after_fork_child(void)
{
    if (state == 1)
        state = 0; /* the mapping thread is gone; the child maps its own log */
    if (state != 2)
        return;
    u32 n = head < cap ? (u32)head : cap;
    for (u32 i = 0; i < n; i++)
        if (ring[i].seq & 1)
            ring[i].seq = 0;
}
