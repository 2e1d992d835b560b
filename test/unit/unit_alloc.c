/* Unit tests of the allocator's arithmetic: the size classes, the magic
 * division that maps an address to its slot (lsan_primary_slot), and
 * lsan_points_into. Run in a process leaksan's allocator serves. */
#include <stdlib.h>

#include "runtime/alloc.h"
#include "test/unit/unit.h"

/* the size of class c, as the allocator set it up at start-up */
static uptr class_size(u32 c) { return lsan_primary.regions[c].size; }

/* Sizes 0-128 go to classes of 16-byte steps (0 to class 1, like 1-16). */
static void size_class_small(void)
{
    UNIT_CHECK(lsan_size_class(0) == 1);
    for (uptr s = 1; s <= 128; s++)
        UNIT_CHECK_MSG(lsan_size_class(s) == (s + 15) / 16, "size %lu: class %u", s,
                       lsan_size_class(s));
}

/* Every size up to LSAN_PRIMARY_MAX gets the smallest class that holds it. */
static void size_class_smallest_fit(void)
{
    for (uptr s = 1; s <= LSAN_PRIMARY_MAX; s++) {
        u32 c = lsan_size_class(s);
        if (c < 1 || c >= LSAN_NUM_CLASSES) {
            UNIT_CHECK_MSG(0, "size %lu: class %u out of range", s, c);
            return;
        }
        uptr sz = class_size(c);
        UNIT_CHECK_MSG(sz >= s, "size %lu: class %u holds only %lu", s, c, sz);
        UNIT_CHECK_MSG(c == 1 || class_size(c - 1) < s,
                       "size %lu: class %u, but class %u (%lu bytes) holds it", s, c, c - 1,
                       class_size(c - 1));
        if (sz < s || (c > 1 && class_size(c - 1) >= s))
            return; /* one message, not 100000 */
    }
}

/* Class sizes grow strictly, stay 16-byte aligned and end at LSAN_PRIMARY_MAX. */
static void size_class_table(void)
{
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        uptr sz = class_size(c);
        UNIT_CHECK_MSG(sz % 16 == 0, "class %u: size %lu", c, sz);
        UNIT_CHECK_MSG(c == 1 || sz > class_size(c - 1), "class %u: size %lu", c, sz);
    }
    UNIT_CHECK(class_size(LSAN_NUM_CLASSES - 1) == LSAN_PRIMARY_MAX);
}

static u64 mulhi(uptr off, u64 magic) { return (u64)(((unsigned __int128)off * magic) >> 64); }

/* off / size == mulhi(off, ceil(2^64 / size)) for every offset in a region:
 * checked at each end of the first and the last slots, and at slot edges in
 * between, where a rounding error would show first. */
static void magic_division(void)
{
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        const struct lsan_region *r = &lsan_primary.regions[c];
        u64 size = r->size;
        UNIT_CHECK_MSG(r->magic == ~0ull / size + 1, "class %u: magic %llx", c,
                       (unsigned long long)r->magic);
        u64 slots = LSAN_REGION_SIZE / size;
        for (u64 k = 0; k < 4096; k++) {
            u64 idx = k < 2048 ? k : slots - (k - 2048) - 1;
            uptr offs[3] = {idx * size, idx * size + size / 2, idx * size + size - 1};
            for (int i = 0; i < 3; i++) {
                if (offs[i] >= LSAN_REGION_SIZE)
                    continue;
                if (mulhi(offs[i], r->magic) != offs[i] / size) {
                    UNIT_CHECK_MSG(0, "class %u (size %llu): offset %lu gives slot %llu, not %llu",
                                   c, (unsigned long long)size, offs[i],
                                   (unsigned long long)mulhi(offs[i], r->magic),
                                   (unsigned long long)(offs[i] / size));
                    return;
                }
            }
        }
        UNIT_CHECK(mulhi(LSAN_REGION_SIZE - 1, r->magic) == (LSAN_REGION_SIZE - 1) / size);
    }
}

/* lsan_primary_slot finds the slot of a live chunk from its first, middle and
 * last byte, in the region of its size class. */
static void primary_slot_of_chunks(void)
{
    static const uptr sizes[] = {1, 16, 17, 100, 128, 129, 1000, 4096, 5000, 65536, 100000,
                                 LSAN_PRIMARY_MAX};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        uptr n = sizes[i];
        char *p = malloc(n);
        UNIT_CHECK(p != NULL);
        if (!p)
            continue;
        UNIT_CHECK_MSG(lsan_primary_owns((uptr)p), "malloc(%lu) is not in the primary space", n);
        uptr at[3] = {(uptr)p, (uptr)p + n / 2, (uptr)p + n - 1};
        for (int k = 0; k < 3; k++) {
            struct lsan_region *r;
            u32 idx = lsan_primary_slot(at[k], &r);
            UNIT_CHECK_MSG(idx != UINT32_MAX && r->beg + (uptr)idx * r->size == (uptr)p,
                           "malloc(%lu) = %p: byte %lu maps to slot %u", n, (void *)p,
                           at[k] - (uptr)p, idx);
            UNIT_CHECK_MSG(r->size == class_size(lsan_size_class(n)),
                           "malloc(%lu) is in a region of %u-byte slots", n, r->size);
        }
        free(p);
    }
}

static void points_into_interior(void)
{
    UNIT_CHECK(lsan_points_into(1000, 1000, 10));
    UNIT_CHECK(lsan_points_into(1009, 1000, 10));
    UNIT_CHECK(!lsan_points_into(1010, 1000, 10));
    UNIT_CHECK(!lsan_points_into(999, 1000, 10));
    UNIT_CHECK(!lsan_points_into(0, 1000, 10));
    UNIT_CHECK(!lsan_points_into(~(uptr)0, 1000, 10));
}

/* A zero-sized chunk is pointed into by its start only. */
static void points_into_empty(void)
{
    UNIT_CHECK(lsan_points_into(1000, 1000, 0));
    UNIT_CHECK(!lsan_points_into(1001, 1000, 0));
    UNIT_CHECK(!lsan_points_into(999, 1000, 0));
}

/* `new T[0]` of a T with a destructor: an 8-byte chunk holding a zero count,
 * and the program keeps a pointer just past it. */
static void points_into_array_cookie(void)
{
    uptr cookie[2] = {0, 0};
    uptr beg = (uptr)cookie;
    UNIT_CHECK(lsan_points_into(beg + 8, beg, 8));
    UNIT_CHECK(!lsan_points_into(beg + 9, beg, 8));
    cookie[0] = 1; /* a count: no empty array */
    UNIT_CHECK(!lsan_points_into(beg + 8, beg, 8));
    cookie[0] = 0;
    UNIT_CHECK(!lsan_points_into(beg + 16, beg, 16)); /* only 8-byte chunks */
}

const struct unit_test unit_alloc_tests[] = {
    {"size_class.small", size_class_small},
    {"size_class.smallest_fit", size_class_smallest_fit},
    {"size_class.table", size_class_table},
    {"size_class.magic_division", magic_division},
    {"size_class.primary_slot_of_chunks", primary_slot_of_chunks},
    {"points_into.interior", points_into_interior},
    {"points_into.empty", points_into_empty},
    {"points_into.array_cookie", points_into_array_cookie},
    {NULL, NULL},
};
