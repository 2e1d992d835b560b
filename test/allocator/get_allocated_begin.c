// Tests that __sanitizer_get_allocated_begin maps every interior pointer of a small and of a 10 MiB chunk to the chunk start, and non-heap or freed addresses to NULL.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

int main(void)
{
    char local[8];
    char *small = malloc(100);
    for (int i = 0; i < 100; i++)
        EXPECT(__sanitizer_get_allocated_begin(small + i) == small);
    const size_t big_size = 10 << 20;
    char *big = malloc(big_size);
    for (size_t i = 0; i < big_size; i += 4093)
        EXPECT(__sanitizer_get_allocated_begin(big + i) == big);
    EXPECT(__sanitizer_get_allocated_begin(big + big_size - 1) == big);
    char *aligned = aligned_alloc(4096, 3 * 4096);
    EXPECT(__sanitizer_get_allocated_begin(aligned + 3 * 4096 - 1) == aligned);
    EXPECT(__sanitizer_get_allocated_begin(local) == NULL);
    EXPECT(__sanitizer_get_allocated_begin(NULL) == NULL);
    free(small);
    free(big);
    free(aligned);
    EXPECT(__sanitizer_get_allocated_begin(small + 10) == NULL);
    EXPECT(__sanitizer_get_allocated_begin(big + 10) == NULL);
    return 0;
}
