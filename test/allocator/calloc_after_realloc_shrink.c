// Tests that calloc returns zeroed memory when it reuses a chunk that realloc shrank in place after it was filled with 0xff. Also with clear_recycled_chunks=0, where calloc clears by itself.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
// RUN: %env_lsan_opts=detect_leaks=0:clear_recycled_chunks=0 %run %t
#include "leaksan_test.h"

#include <string.h>

static void check(size_t big, size_t small)
{
    unsigned char *p = malloc(big);
    memset(p, 0xff, big);
    unsigned char *q = realloc(p, small);
    EXPECT(q != NULL);
    for (size_t i = 0; i < small; i++)
        EXPECT(q[i] == 0xff);
    free(q);
    unsigned char *c = calloc(1, big);
    for (size_t i = 0; i < big; i++)
        EXPECT(c[i] == 0);
    free(c);
}

int main(void)
{
    for (size_t big = 16; big <= 65536; big = big * 3 / 2 + 16)
        for (size_t small = big / 2 + 1; small < big; small += (big / 8) + 1)
            check(big, small);
    check(1000, 600);
    check(100, 97);
    return 0;
}
