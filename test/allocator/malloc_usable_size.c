// Tests that malloc_usable_size reports exactly the requested size (small, large, aligned) and 0 for NULL.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <malloc.h>

int main(void)
{
    EXPECT(malloc_usable_size(NULL) == 0);
    for (size_t n = 1; n <= 5000; n++) {
        void *p = malloc(n);
        EXPECT(malloc_usable_size(p) == n);
        free(p);
    }
    static const size_t big[] = {1 << 17, (1 << 17) + 1, 3 << 20, (10 << 20) + 1};
    for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
        void *p = malloc(big[i]);
        EXPECT(malloc_usable_size(p) == big[i]);
        free(p);
    }
    void *a = memalign(4096, 100);
    EXPECT(malloc_usable_size(a) == 100);
    free(a);
    void *c = calloc(3, 33);
    EXPECT(malloc_usable_size(c) == 99);
    free(c);
    return 0;
}
