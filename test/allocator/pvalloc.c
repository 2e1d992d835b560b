// Tests that pvalloc returns page-aligned blocks whose size is rounded up to whole pages (one page for 0).
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <malloc.h>
#include <string.h>

int main(void)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    static const size_t sizes[] = {0, 1, 100, 4095, 4096, 4097, 65536, (1 << 20) + 1};
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        void *p = pvalloc(sizes[s]);
        size_t want = sizes[s] ? (sizes[s] + page - 1) / page * page : page;
        EXPECT(p != NULL);
        EXPECT(is_aligned(p, page));
        EXPECT(__sanitizer_get_allocated_size(p) == want);
        EXPECT(malloc_usable_size(p) == want);
        memset(p, 0x55, want);
        free(p);
    }
    return 0;
}
