/* A set of thread ids in memory the caller maps (open addressing, no
 * allocation, no lock): safe while the world is stopped. An epoch tells
 * this use's entries from earlier ones', so a set is emptied by moving to
 * the next epoch instead of clearing it. */
#ifndef LSAN_PLATFORM_TIDSET_H
#define LSAN_PLATFORM_TIDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lsan_tidset {
    uint64_t *slots; /* size entries (a power of two), zeroed when mapped */
    uint32_t mask;   /* size - 1 */
    uint32_t epoch;  /* never 0: a zero slot is empty in every epoch */
};

/* tid's slot in this epoch, or the free one where it would go. The set
 * must never be full (keep at most half of the slots in use). */
static inline uint64_t *lsan_tidset_slot(const struct lsan_tidset *s, int tid)
{
    uint64_t key = (uint64_t)s->epoch << 32 | (uint32_t)tid;
    for (uint32_t i = ((uint32_t)tid * 2654435761u) & s->mask;; i = (i + 1) & s->mask)
        if (s->slots[i] == key || (uint32_t)(s->slots[i] >> 32) != s->epoch)
            return &s->slots[i];
}

static inline bool lsan_tidset_has(const struct lsan_tidset *s, int tid)
{
    return *lsan_tidset_slot(s, tid) == ((uint64_t)s->epoch << 32 | (uint32_t)tid);
}

/* Adds tid; false if it was in the set already. */
static inline bool lsan_tidset_add(struct lsan_tidset *s, int tid)
{
    uint64_t *slot = lsan_tidset_slot(s, tid), key = (uint64_t)s->epoch << 32 | (uint32_t)tid;
    if (*slot == key)
        return false;
    *slot = key;
    return true;
}

#endif
