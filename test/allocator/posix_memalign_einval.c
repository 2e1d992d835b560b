// Tests that posix_memalign with an alignment that is not a power of two multiple of sizeof(void *) (0, 3, 4, 24) returns EINVAL and leaves *out untouched.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <errno.h>

int main(void)
{
    static const size_t bad[] = {0, 3, 4, 24, 4097, ((size_t)1 << 63) + 8};
    void *const marker = (void *)0x1234;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        void *p = marker;
        EXPECT(posix_memalign(&p, bad[i], 32) == EINVAL);
        EXPECT(p == marker);
    }
    return 0;
}
