// Tests that __sanitizer_get_current_allocated_bytes grows by exactly the requested bytes on allocation and shrinks back on free, for small and large chunks.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

int main(void)
{
    size_t base = __sanitizer_get_current_allocated_bytes();
    static const size_t sizes[] = {1, 17, 1000, 100000, 1 << 17, 10 << 20};
    void *p[6];
    size_t total = 0;
    for (int i = 0; i < 6; i++) {
        p[i] = malloc(sizes[i]);
        total += sizes[i];
        EXPECT(__sanitizer_get_current_allocated_bytes() == base + total);
    }
    for (int i = 0; i < 6; i++) {
        free(p[i]);
        total -= sizes[i];
        EXPECT(__sanitizer_get_current_allocated_bytes() == base + total);
    }
    return 0;
}
