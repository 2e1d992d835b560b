// Tests that malloc_trim returns 1 or 0, keeps live blocks intact and leaves freed memory reusable (calloc still zeroes).
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <malloc.h>
#include <string.h>

#define N 64

int main(void)
{
    static const size_t sizes[] = {4096, 8192, 12288, 65536, 100000};
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        size_t n = sizes[s];
        unsigned char *p[N];
        for (int i = 0; i < N; i++) {
            p[i] = malloc(n);
            memset(p[i], i + 1, n);
        }
        // free every other block: live and free slots interleave
        for (int i = 0; i < N; i += 2)
            free(p[i]);
        int r = malloc_trim(0);
        EXPECT(r == 0 || r == 1);
        for (int i = 1; i < N; i += 2)
            for (size_t j = 0; j < n; j++)
                EXPECT(p[i][j] == (unsigned char)(i + 1));
        for (int i = 0; i < N; i += 2) {
            p[i] = calloc(1, n);
            for (size_t j = 0; j < n; j++)
                EXPECT(p[i][j] == 0);
        }
        for (int i = 0; i < N; i++)
            free(p[i]);
    }
    return 0;
}
