// Tests that malloc(0) returns distinct non-NULL pointers that leaksan counts as 1-byte chunks and free accepts.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

int main(void)
{
    void *p[64];
    for (int i = 0; i < 64; i++) {
        p[i] = malloc(0);
        EXPECT(p[i] != NULL);
        EXPECT(__sanitizer_get_ownership(p[i]) == 1);
        EXPECT(__sanitizer_get_allocated_size(p[i]) == 1);
        for (int j = 0; j < i; j++)
            EXPECT(p[i] != p[j]);
    }
    for (int i = 0; i < 64; i++)
        free(p[i]);
    EXPECT(__sanitizer_get_ownership(p[0]) == 0);
    return 0;
}
