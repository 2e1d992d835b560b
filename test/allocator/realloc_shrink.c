// Tests that shrinking a block with realloc keeps the prefix and the chunk's size becomes the new size.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

int main(void)
{
    static const size_t sizes[] = {12 << 20, 1 << 20, (1 << 17) + 1, 1 << 17, 70000, 4096, 1000,
                                   999, 100, 17, 16, 1};
    size_t n = sizes[0];
    unsigned char *p = malloc(n);
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 13 + 5);
    for (size_t k = 1; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        n = sizes[k];
        p = realloc(p, n);
        EXPECT(p != NULL);
        EXPECT(__sanitizer_get_allocated_size(p) == n);
        for (size_t i = 0; i < n; i++)
            EXPECT(p[i] == (unsigned char)(i * 13 + 5));
    }
    free(p);
    return 0;
}
