// Tests that every malloc, calloc and realloc result is 16-byte aligned, for every size 1..5000 and large sizes.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

int main(void)
{
    static void *keep[5001];
    for (size_t n = 1; n <= 5000; n++) {
        keep[n] = malloc(n);
        EXPECT(keep[n] != NULL);
        EXPECT(is_aligned(keep[n], 16));
    }
    for (size_t n = 1; n <= 5000; n++) {
        void *c = calloc(1, n);
        EXPECT(is_aligned(c, 16));
        void *r = realloc(keep[n], n + 7);
        EXPECT(is_aligned(r, 16));
        free(c);
        free(r);
    }
    for (size_t n = 1 << 17; n <= (32u << 20); n = n * 2 + 3) {
        void *p = malloc(n);
        EXPECT(p != NULL);
        EXPECT(is_aligned(p, 16));
        free(p);
    }
    return 0;
}
