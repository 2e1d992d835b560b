// Tests that with allocator_may_return_null=1 impossible sizes make malloc, calloc, memalign, aligned_alloc and posix_memalign fail with NULL/ENOMEM instead of a report: the output is LSan's one-line warning for each of the 20 calls (may_return_null_warning.c checks its text), nothing else.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0:allocator_may_return_null=1 %run %t 2>&1 | FileCheck %s --match-full-lines
#include "leaksan_test.h"

#include <errno.h>
#include <malloc.h>

int main(void)
{
    static const size_t huge[] = {(size_t)1 << 62, (size_t)-1, (size_t)-4096, (size_t)1 << 48};
    for (size_t i = 0; i < sizeof(huge) / sizeof(huge[0]); i++) {
        errno = 0;
        EXPECT(malloc(huge[i]) == NULL);
        EXPECT(errno == ENOMEM);
        errno = 0;
        EXPECT(calloc(1, huge[i]) == NULL);
        EXPECT(errno == ENOMEM);
        errno = 0;
        EXPECT(memalign(64, huge[i]) == NULL);
        EXPECT(errno == ENOMEM);
        errno = 0;
        EXPECT(aligned_alloc(4096, huge[i] & ~(size_t)4095) == NULL);
        EXPECT(errno == ENOMEM);
        void *p = (void *)0x1234;
        EXPECT(posix_memalign(&p, 64, huge[i]) == ENOMEM);
        EXPECT(p == (void *)0x1234);
    }
    // the allocator still works afterwards
    void *ok = malloc(100);
    EXPECT(ok != NULL);
    free(ok);
    return 0;
}

// CHECK-COUNT-20: =={{[0-9]+}}==WARNING: LeakSanitizer failed to allocate 0x{{[0-9a-f]+}} bytes
// CHECK-NOT: {{.}}
