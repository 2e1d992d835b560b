// Tests that __sanitizer_get_ownership is 1 for the start of a live chunk and 0 for stack, global, interior, freed and NULL addresses.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

static char global[32];

int main(void)
{
    char local[32];
    char *small = malloc(64);
    char *big = malloc(10 << 20);
    EXPECT(__sanitizer_get_ownership(small) == 1);
    EXPECT(__sanitizer_get_ownership(big) == 1);
    EXPECT(__sanitizer_get_ownership(local) == 0);
    EXPECT(__sanitizer_get_ownership(global) == 0);
    EXPECT(__sanitizer_get_ownership(NULL) == 0);
    EXPECT(__sanitizer_get_ownership(small + 8) == 0);
    EXPECT(__sanitizer_get_ownership(big + 4096) == 0);
    EXPECT(__sanitizer_get_ownership((void *)main) == 0);
    free(small);
    free(big);
    EXPECT(__sanitizer_get_ownership(small) == 0);
    EXPECT(__sanitizer_get_ownership(big) == 0);
    return 0;
}
