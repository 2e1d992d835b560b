// Tests that growing a block with realloc keeps its contents, from small to small, small to large and large to larger.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

int main(void)
{
    static const size_t sizes[] = {1, 15, 16, 17, 100, 1000, 4096, 50000, 1 << 17, (1 << 17) + 1,
                                   1 << 20, 5 << 20, 12 << 20};
    size_t n = sizes[0];
    unsigned char *p = malloc(n);
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 7 + 1);
    for (size_t k = 1; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        size_t m = sizes[k];
        p = realloc(p, m);
        EXPECT(p != NULL);
        EXPECT(__sanitizer_get_allocated_size(p) == m);
        for (size_t i = 0; i < n; i++)
            EXPECT(p[i] == (unsigned char)(i * 7 + 1));
        for (size_t i = n; i < m; i++)
            p[i] = (unsigned char)(i * 7 + 1);
        n = m;
    }
    free(p);
    return 0;
}
