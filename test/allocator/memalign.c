// Tests that memalign returns blocks aligned to 16, 64, 4096, 1 MiB and 2 MiB, of the requested size and fully writable.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <malloc.h>
#include <string.h>

int main(void)
{
    static const size_t aligns[] = {16, 64, 4096, 1 << 20, 1 << 21};
    for (size_t a = 0; a < sizeof(aligns) / sizeof(aligns[0]); a++) {
        size_t al = aligns[a];
        const size_t sizes[] = {1, al - 1, al, al + 1, 3 * al + 5};
        void *keep[5];
        for (int s = 0; s < 5; s++) {
            void *p = memalign(al, sizes[s]);
            EXPECT(p != NULL);
            EXPECT(is_aligned(p, al));
            EXPECT(__sanitizer_get_allocated_size(p) == sizes[s]);
            memset(p, 0x11, sizes[s]);
            keep[s] = p;
        }
        for (int s = 0; s < 5; s++)
            free(keep[s]);
    }
    return 0;
}
