// Tests that posix_memalign with a valid but huge alignment (1 GiB, 2 GiB, 4 GiB) succeeds with an aligned block or fails with ENOMEM, never ending the process.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t 2>&1 | count 0
#include "leaksan_test.h"

#include <errno.h>

int main(void)
{
    static const size_t aligns[] = {(size_t)1 << 30, (size_t)1 << 31, (size_t)1 << 32};
    for (size_t i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
        void *p = (void *)0x1234;
        int r = posix_memalign(&p, aligns[i], 1);
        EXPECT(r == 0 || r == ENOMEM);
        if (r == 0) {
            EXPECT(is_aligned(p, aligns[i]));
            *(char *)p = 1;
            free(p);
        } else {
            EXPECT(p == (void *)0x1234);
        }
    }
    return 0;
}
