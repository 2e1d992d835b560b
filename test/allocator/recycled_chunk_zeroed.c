// Tests that a freed chunk handed out again by malloc of the same size reads as zero where the previous owner's data was, so stale pointers cannot keep other chunks alive.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <string.h>

static void *stale;

static void check(size_t n)
{
    void **old = malloc(n);
    EXPECT(old != NULL);
    // fill with pointers to a live chunk: exactly what would hide a leak
    void *target = malloc(32);
    for (size_t i = 0; i < n / sizeof(void *); i++)
        old[i] = target;
    memset((char *)old + n / sizeof(void *) * sizeof(void *), 0x5a, n % sizeof(void *));
    stale = old;
    free(old);
    // malloc the same size until the freed chunk comes back
    void *held[64];
    int k = 0;
    unsigned char *p;
    for (;;) {
        p = malloc(n);
        EXPECT(p != NULL);
        if (p == stale)
            break;
        EXPECT(k < 64);
        held[k++] = p;
    }
    for (size_t i = 0; i < n; i++)
        EXPECT(p[i] == 0);
    free(p);
    while (k)
        free(held[--k]);
    free(target);
}

int main(void)
{
    for (size_t n = 1; n <= 4096; n++)
        check(n);
    check(50000);
    check(1 << 17);
    return 0;
}
