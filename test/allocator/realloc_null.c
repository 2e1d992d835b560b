// Tests that realloc(NULL, n) allocates a new n-byte chunk like malloc(n).
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <string.h>

int main(void)
{
    static const size_t sizes[] = {1, 24, 4000, 1 << 18};
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        void *p = realloc(NULL, sizes[k]);
        EXPECT(p != NULL);
        EXPECT(is_aligned(p, 16));
        EXPECT(__sanitizer_get_ownership(p) == 1);
        EXPECT(__sanitizer_get_allocated_size(p) == sizes[k]);
        memset(p, 0xab, sizes[k]);
        free(p);
    }
    return 0;
}
