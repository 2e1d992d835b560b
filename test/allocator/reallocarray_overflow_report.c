// Tests that reallocarray whose count*size overflows is reported (with the stack of the call) and ends the process with LSan's exitcode, 23, by default.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    void *p = malloc(16);
    void *q = reallocarray(p, (size_t)1 << 33, (size_t)1 << 32);
    fprintf(stderr, "returned %p\n", q);
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: reallocarray parameters overflow: count * size (8589934592 * 4294967296) cannot be represented in type size_t
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in reallocarray
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}reallocarray_overflow_report.c:10{{(:[0-9]+)?$}}
// CHECK: SUMMARY: LeakSanitizer: reallocarray-overflow
// CHECK-NOT: returned
// CHECK: exit=23
