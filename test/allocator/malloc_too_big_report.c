// Tests that malloc of an impossible size (1<<62) is reported as allocation-size-too-big with the caller's stack and exits with LSan's exitcode, 23.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    void *p = malloc((size_t)1 << 62);
    fprintf(stderr, "returned %p\n", p);
    return 0;
}

// CHECK: =================================================================
// CHECK-NEXT: =={{[0-9]+}}==ERROR: LeakSanitizer: requested allocation size 0x4000000000000000 exceeds maximum supported size of 0x{{[0-9a-f]+}} (thread T0)
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}malloc_too_big_report.c:9{{(:[0-9]+)?$}}
// CHECK: =={{[0-9]+}}==HINT: if you don't care about these errors you may set allocator_may_return_null=1
// CHECK: SUMMARY: LeakSanitizer: allocation-size-too-big {{.*}}malloc.c:{{[0-9]+}}:{{[0-9]+}} in malloc{{$}}
// CHECK-NOT: returned
// CHECK: exit=23
