// Tests that valloc returns page-aligned blocks of the requested size.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <string.h>

int main(void)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    static const size_t sizes[] = {1, 100, 4095, 4096, 4097, 65536, 1 << 20, 3 << 20};
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        void *p = valloc(sizes[s]);
        EXPECT(p != NULL);
        EXPECT(is_aligned(p, page));
        EXPECT(__sanitizer_get_allocated_size(p) == sizes[s]);
        memset(p, 0x44, sizes[s]);
        free(p);
    }
    return 0;
}
