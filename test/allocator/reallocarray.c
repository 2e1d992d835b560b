// Tests that reallocarray(p, n, size) resizes to n*size bytes and keeps the contents.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

int main(void)
{
    int *a = reallocarray(NULL, 10, sizeof(int));
    EXPECT(a != NULL);
    EXPECT(__sanitizer_get_allocated_size(a) == 10 * sizeof(int));
    for (int i = 0; i < 10; i++)
        a[i] = i * i;
    a = reallocarray(a, 100000, sizeof(int));
    EXPECT(a != NULL);
    EXPECT(__sanitizer_get_allocated_size(a) == 100000 * sizeof(int));
    for (int i = 0; i < 10; i++)
        EXPECT(a[i] == i * i);
    a = reallocarray(a, 3, sizeof(int));
    EXPECT(__sanitizer_get_allocated_size(a) == 3 * sizeof(int));
    EXPECT(a[0] == 0 && a[1] == 1 && a[2] == 4);
    free(a);
    return 0;
}
