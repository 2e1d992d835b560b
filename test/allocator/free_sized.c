// Tests that free_sized and free_aligned_sized (C23) release the chunk when given the size it was allocated with (count * size for calloc, the new size after realloc, 0 for malloc(0)), without a report.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

int main(void)
{
    EXPECT(free_sized != NULL && free_aligned_sized != NULL);
    size_t base = __sanitizer_get_current_allocated_bytes();
    void *p = malloc(100);
    EXPECT(__sanitizer_get_current_allocated_bytes() == base + 100);
    free_sized(p, 100);
    EXPECT(__sanitizer_get_ownership(p) == 0);
    EXPECT(__sanitizer_get_current_allocated_bytes() == base);

    void *a = aligned_alloc(4096, 8192);
    EXPECT(__sanitizer_get_current_allocated_bytes() == base + 8192);
    free_aligned_sized(a, 4096, 8192);
    EXPECT(__sanitizer_get_ownership(a) == 0);
    EXPECT(__sanitizer_get_current_allocated_bytes() == base);

    void *big = malloc(5 << 20);
    free_sized(big, 5 << 20);
    EXPECT(__sanitizer_get_ownership(big) == 0);
    EXPECT(__sanitizer_get_current_allocated_bytes() == base);
    char *c = calloc(10, 30);
    free_sized(c, 300);
    char *r = realloc(malloc(10), 5000);
    free_sized(r, 5000);
    free_sized(malloc(0), 0);
    free_aligned_sized(aligned_alloc(64, 0), 64, 0);
    EXPECT(__sanitizer_get_current_allocated_bytes() == base);
    free_sized(NULL, 0);
    free_aligned_sized(NULL, 64, 0);
    return 0;
}
