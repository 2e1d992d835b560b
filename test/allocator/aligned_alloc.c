// Tests that aligned_alloc returns blocks aligned to 16, 64, 4096, 1 MiB and 2 MiB of the requested size.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <string.h>

int main(void)
{
    static const size_t aligns[] = {16, 64, 4096, 1 << 20, 1 << 21};
    for (size_t a = 0; a < sizeof(aligns) / sizeof(aligns[0]); a++) {
        size_t al = aligns[a];
        const size_t sizes[] = {al, 2 * al, 5 * al};
        for (int s = 0; s < 3; s++) {
            void *p = aligned_alloc(al, sizes[s]);
            EXPECT(p != NULL);
            EXPECT(is_aligned(p, al));
            EXPECT(__sanitizer_get_allocated_size(p) == sizes[s]);
            memset(p, 0x33, sizes[s]);
            free(p);
        }
    }
    return 0;
}
