// Tests that a realloc that cannot be satisfied (allocator_may_return_null=1) returns NULL with ENOMEM and leaves the original block intact.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0:allocator_may_return_null=1 %run %t
#include "leaksan_test.h"

#include <errno.h>

static void check(size_t n)
{
    unsigned char *p = malloc(n);
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(i + 3);
    errno = 0;
    EXPECT(realloc(p, (size_t)1 << 62) == NULL);
    EXPECT(errno == ENOMEM);
    EXPECT(__sanitizer_get_ownership(p) == 1);
    EXPECT(__sanitizer_get_allocated_size(p) == n);
    for (size_t i = 0; i < n; i++)
        EXPECT(p[i] == (unsigned char)(i + 3));
    errno = 0;
    EXPECT(realloc(p, (size_t)-1) == NULL);
    EXPECT(errno == ENOMEM);
    EXPECT(__sanitizer_get_allocated_size(p) == n);
    free(p);
}

int main(void)
{
    check(40);
    check(3000);
    check(1 << 20);
    return 0;
}
