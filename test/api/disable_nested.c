// Tests that __lsan_disable() nests: after two disables and one enable allocations are still not reported; after the second enable they are.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    __lsan_disable();
    __lsan_disable();
    __lsan_enable();
    sink = malloc(63); /* still disabled: depth 1 */
    __lsan_enable();
    sink = malloc(64);
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 64 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}disable_nested.c:15{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 64 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
