// Tests that mallopt accepts glibc's tuning parameters (returns 1) and the allocator keeps working after them.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <malloc.h>
#include <string.h>

int main(void)
{
    EXPECT(mallopt(M_MMAP_THRESHOLD, 64 * 1024) == 1);
    EXPECT(mallopt(M_TRIM_THRESHOLD, 128 * 1024) == 1);
    EXPECT(mallopt(M_ARENA_MAX, 1) == 1);
    EXPECT(mallopt(M_PERTURB, 0xaa) == 1);
    EXPECT(mallopt(M_TOP_PAD, 0) == 1);
    // M_PERTURB must not make calloc or fresh blocks dirty
    unsigned char *p = calloc(1, 200);
    for (int i = 0; i < 200; i++)
        EXPECT(p[i] == 0);
    free(p);
    return 0;
}
