// Tests that aligned_alloc with an alignment that is not a power of two (3, 24, 48, 100) returns NULL with errno EINVAL.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <errno.h>

int main(void)
{
    static const size_t bad[] = {3, 24, 48, 100};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        errno = 0;
        EXPECT(aligned_alloc(bad[i], bad[i] * 4) == NULL);
        EXPECT(errno == EINVAL);
    }
    return 0;
}
