// Tests that operator new of an impossible size is reported (allocation-size-too-big) with LSan's exitcode, 23, under the default allocator_may_return_null=0.
// RUN: %clangxx -std=c++17 %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <cstdio>
#include <new>

int main()
{
    long *p = new long[(size_t)1 << 47];
    fprintf(stderr, "returned %p\n", (void *)p);
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: requested allocation size 0x4000000000000 exceeds maximum supported size
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in {{operator new\[\]\(unsigned long\)|_Znam}}
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}new_huge_default_reports.cpp:9{{(:[0-9]+)?$}}
// CHECK: SUMMARY: LeakSanitizer: allocation-size-too-big
// CHECK-NOT: returned
// CHECK: exit=23
