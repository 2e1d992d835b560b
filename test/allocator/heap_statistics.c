// Tests that the heap statistics are consistent: heap size >= allocated bytes, grows with a 10 MiB chunk, free bytes <= heap size, unmapped bytes callable.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

int main(void)
{
    size_t heap0 = __sanitizer_get_heap_size();
    EXPECT(heap0 >= __sanitizer_get_current_allocated_bytes());
    void *small[1000];
    for (int i = 0; i < 1000; i++)
        small[i] = malloc(200);
    void *big = malloc(10 << 20);
    size_t heap1 = __sanitizer_get_heap_size();
    size_t allocated = __sanitizer_get_current_allocated_bytes();
    EXPECT(heap1 >= allocated);
    EXPECT(heap1 >= heap0 + (10 << 20));
    EXPECT(__sanitizer_get_free_bytes() <= heap1);
    (void)__sanitizer_get_unmapped_bytes();
    free(big);
    for (int i = 0; i < 1000; i++)
        free(small[i]);
    EXPECT(__sanitizer_get_heap_size() >= __sanitizer_get_current_allocated_bytes());
    EXPECT(__sanitizer_get_heap_size() < heap1);
    return 0;
}
