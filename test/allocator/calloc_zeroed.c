// Tests that calloc returns zeroed memory of count*size bytes for small and large requests.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

static void check_zero(size_t count, size_t size)
{
    unsigned char *p = calloc(count, size);
    EXPECT(p != NULL);
    // a zero-sized request gets a 1-byte chunk, as malloc(0)
    EXPECT(__sanitizer_get_allocated_size(p) == (count * size != 0 ? count * size : 1));
    for (size_t i = 0; i < count * size; i++)
        EXPECT(p[i] == 0);
    free(p);
}

int main(void)
{
    for (size_t n = 1; n <= 3000; n += 7)
        check_zero(1, n);
    check_zero(7, 13);
    check_zero(1000, 1000);
    check_zero(1, 1 << 17);
    check_zero(1 << 20, 10);
    check_zero(0, 16);
    return 0;
}
