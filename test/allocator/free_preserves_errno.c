// Tests that free leaves errno unchanged, for small, large and NULL pointers.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <errno.h>

int main(void)
{
    static const size_t sizes[] = {1, 100, 5000, 1 << 17, 1 << 20, 20 << 20};
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        void *p = malloc(sizes[s]);
        errno = 1234;
        free(p);
        EXPECT(errno == 1234);
    }
    errno = 1234;
    free(NULL);
    EXPECT(errno == 1234);
    // a free that unmaps a large chunk must not leak munmap's errno either
    void *big[8];
    for (int i = 0; i < 8; i++)
        big[i] = malloc(3 << 20);
    for (int i = 0; i < 8; i++) {
        errno = 4321;
        free(big[i]);
        EXPECT(errno == 4321);
    }
    return 0;
}
