// Tests that calloc whose count*size overflows is reported as calloc-overflow with the caller's stack and exits with LSan's exitcode, 23.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    void *p = calloc((size_t)1 << 40, (size_t)1 << 30);
    fprintf(stderr, "returned %p\n", p);
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: calloc parameters overflow: count * size (1099511627776 * 1073741824) cannot be represented in type size_t (thread T0)
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in calloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}calloc_overflow_report.c:9{{(:[0-9]+)?$}}
// CHECK: SUMMARY: LeakSanitizer: calloc-overflow
// CHECK-NOT: returned
// CHECK: exit=23
