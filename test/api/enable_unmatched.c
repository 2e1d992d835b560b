// Tests that __lsan_enable() without a matching __lsan_disable() prints one error naming the misuse and exits with status 1.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

int main(void)
{
    fprintf(stderr, "before\n");
    __lsan_enable();
    fprintf(stderr, "after\n");
    return 0;
}

// CHECK: before
// CHECK-NEXT: =={{[0-9]+}}==leaksan: __lsan_enable() called without a matching __lsan_disable()
// CHECK-NEXT: exit=1
