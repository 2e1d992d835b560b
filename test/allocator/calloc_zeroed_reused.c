// Tests that calloc zeroes memory a freed block filled with 0xff left behind, for small, medium and large sizes. Also with clear_recycled_chunks=0, where calloc clears by itself.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
// RUN: %env_lsan_opts=detect_leaks=0:clear_recycled_chunks=0 %run %t
#include "leaksan_test.h"

#include <string.h>

static int reused;

static void check(size_t n)
{
    unsigned char *old = malloc(n);
    EXPECT(old != NULL);
    memset(old, 0xff, n);
    free(old);
    unsigned char *p = calloc(1, n);
    EXPECT(p != NULL);
    reused += p == old;
    for (size_t i = 0; i < n; i++)
        EXPECT(p[i] == 0);
    free(p);
}

int main(void)
{
    for (size_t n = 1; n <= 5000; n += 3)
        check(n);
    check(100000);
    check(1 << 17);
    check(1 << 20);
    check(10 << 20);
    // the cases above must actually have exercised reuse
    EXPECT(reused > 1000);
    return 0;
}
