// Tests that __sanitizer_get_allocated_size is the requested size of a live chunk and 0 for non-heap, interior and freed addresses.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

int main(void)
{
    char local[8];
    static const size_t sizes[] = {1, 33, 4095, 128 << 10, (128 << 10) + 1, 10 << 20};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        char *p = malloc(sizes[i]);
        EXPECT(__sanitizer_get_allocated_size(p) == sizes[i]);
        if (sizes[i] > 1)
            EXPECT(__sanitizer_get_allocated_size(p + 1) == 0);
        free(p);
        EXPECT(__sanitizer_get_allocated_size(p) == 0);
    }
    EXPECT(__sanitizer_get_allocated_size(local) == 0);
    EXPECT(__sanitizer_get_allocated_size(NULL) == 0);
    return 0;
}
