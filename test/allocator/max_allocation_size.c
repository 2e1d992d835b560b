// Tests that max_allocation_size_mb lowers the largest allocation: above it malloc fails (NULL/ENOMEM with allocator_may_return_null=1), at it malloc succeeds.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0:allocator_may_return_null=1:max_allocation_size_mb=4 %run %t
// RUN: { %env_lsan_opts=detect_leaks=0:max_allocation_size_mb=4 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

#include <errno.h>

int main(void)
{
    void *ok = malloc(4 << 20);
    EXPECT(ok != NULL);
    free(ok);
    errno = 0;
    EXPECT(malloc((4 << 20) + 1) == NULL);
    EXPECT(errno == ENOMEM);
    return 0;
}

// CHECK: ERROR: LeakSanitizer: requested allocation size 0x400001 exceeds maximum supported size of 0x400000
// CHECK: SUMMARY: LeakSanitizer: allocation-size-too-big
// CHECK: exit=23
