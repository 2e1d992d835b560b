// Tests that __sanitizer_get_estimated_allocated_size(n) is n, the size a malloc(n) chunk then reports.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

int main(void)
{
    static const size_t sizes[] = {1, 2, 15, 16, 17, 100, 4096, 100000, 1 << 20, (size_t)1 << 40};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        EXPECT(__sanitizer_get_estimated_allocated_size(sizes[i]) == sizes[i]);
    void *p = malloc(777);
    EXPECT(__sanitizer_get_allocated_size(p) == __sanitizer_get_estimated_allocated_size(777));
    free(p);
    return 0;
}
