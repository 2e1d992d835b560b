// Tests that realloc(p, 0) frees p and returns NULL (glibc's behaviour).
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

int main(void)
{
    static const size_t sizes[] = {64, 1 << 20};
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        void *p = malloc(sizes[k]);
        size_t before = __sanitizer_get_current_allocated_bytes();
        EXPECT(realloc(p, 0) == NULL);
        EXPECT(__sanitizer_get_ownership(p) == 0);
        EXPECT(__sanitizer_get_current_allocated_bytes() == before - sizes[k]);
    }
    return 0;
}
