// Tests that calloc whose count*size overflows returns NULL with ENOMEM under allocator_may_return_null=1.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0:allocator_may_return_null=1 %run %t 2>&1 | count 0
#include "leaksan_test.h"

#include <errno.h>

int main(void)
{
    errno = 0;
    EXPECT(calloc((size_t)1 << 40, (size_t)1 << 30) == NULL);
    EXPECT(errno == ENOMEM);
    errno = 0;
    EXPECT(calloc((size_t)-1, 2) == NULL);
    EXPECT(errno == ENOMEM);
    errno = 0;
    EXPECT(calloc(3, (size_t)-1 / 2) == NULL);
    EXPECT(errno == ENOMEM);
    return 0;
}
