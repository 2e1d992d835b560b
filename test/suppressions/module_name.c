// Tests that leak:PATTERN matches module names: a leak allocated inside a shared library is suppressed by the library's file name.
// RUN: %clang -shared -fPIC -DBUILD_LIB %s -o %t-vendor.so
// RUN: %clang %s %t-vendor.so -o %t
// RUN: echo "leak:.tmp-vendor.so" > %t.supp
// RUN: { %env_lsan_opts=suppressions=%t.supp %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#ifdef BUILD_LIB
#include <stdlib.h>
void *lib_alloc(size_t n) { return malloc(n); }
#else
#include "leaksan_test.h"

void *lib_alloc(size_t n);
void *volatile sink;

int main(void)
{
    sink = lib_alloc(114);
    sink = malloc(115);
    sink = NULL;
    return 0;
}
#endif

// CHECK: Direct leak of 115 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}module_name.c:18{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: Suppressions used:
// CHECK-NEXT: count      bytes template
// CHECK-NEXT: 1        114 .tmp-vendor.so
// CHECK: SUMMARY: LeakSanitizer: 115 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
