// Tests that tries=N repeats the check but reports a steady leak once with its real counts (not N times), and that tries=0 still checks once.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=tries=3 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=tries=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    for (int i = 0; i < 2; i++)
        sink = malloc(95);
    sink = NULL;
    return 0;
}

// CHECK: ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 190 byte(s) in 2 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK-NOT: ERROR: LeakSanitizer
// CHECK: SUMMARY: LeakSanitizer: 190 byte(s) leaked in 2 allocation(s).
// CHECK-NEXT: exit=23
