// Tests that reallocarray whose count*size overflows returns NULL with ENOMEM under allocator_may_return_null=1, leaving the block intact.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0:allocator_may_return_null=1 %run %t
#include "leaksan_test.h"

#include <errno.h>
#include <string.h>

int main(void)
{
    char *p = malloc(16);
    strcpy(p, "still here");
    errno = 0;
    EXPECT(reallocarray(p, (size_t)1 << 33, (size_t)1 << 33) == NULL);
    EXPECT(errno == ENOMEM);
    EXPECT(__sanitizer_get_allocated_size(p) == 16);
    EXPECT(strcmp(p, "still here") == 0);
    errno = 0;
    EXPECT(reallocarray(NULL, (size_t)-1, 2) == NULL);
    EXPECT(errno == ENOMEM);
    free(p);
    return 0;
}
