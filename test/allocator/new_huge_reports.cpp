// Tests that operator new[] never returns NULL: an impossible size is reported as out of memory and the process exits with LSan's exitcode, 23, even with allocator_may_return_null=1.
// RUN: %clangxx -std=c++17 %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0:allocator_may_return_null=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <cstdio>
#include <new>

int main()
{
    char *p = new char[(size_t)1 << 50];
    fprintf(stderr, "returned %p\n", (void *)p);
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: out of memory: operator new could not allocate 0x4000000000000 bytes
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in {{operator new\[\]\(unsigned long\)|_Znam}}
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}new_huge_reports.cpp:9{{(:[0-9]+)?$}}
// CHECK: SUMMARY: LeakSanitizer: out-of-memory
// CHECK-NOT: returned
// CHECK: exit=23
