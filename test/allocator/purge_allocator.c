// Tests that __sanitizer_purge_allocator keeps live chunks intact, lowers or keeps the heap size, and leaves freed memory reusable and zeroed for calloc.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <string.h>

#define N 256

int main(void)
{
    static unsigned char *p[N];
    for (int i = 0; i < N; i++) {
        p[i] = malloc(16384);
        memset(p[i], i + 1, 16384);
    }
    for (int i = 0; i < N; i += 2)
        free(p[i]);
    size_t heap = __sanitizer_get_heap_size();
    size_t allocated = __sanitizer_get_current_allocated_bytes();
    __sanitizer_purge_allocator();
    EXPECT(__sanitizer_get_heap_size() <= heap);
    EXPECT(__sanitizer_get_current_allocated_bytes() == allocated);
    for (int i = 1; i < N; i += 2)
        for (int j = 0; j < 16384; j++)
            EXPECT(p[i][j] == (unsigned char)(i + 1));
    for (int i = 0; i < N; i += 2) {
        p[i] = calloc(1, 16384);
        for (int j = 0; j < 16384; j++)
            EXPECT(p[i][j] == 0);
    }
    for (int i = 0; i < N; i++)
        free(p[i]);
    return 0;
}
