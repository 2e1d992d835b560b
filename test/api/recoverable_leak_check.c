// Tests that __lsan_do_recoverable_leak_check() reports and returns 1 on every call while a leak exists (3 calls, 3 reports), never exits, and returns 0 once the leak is gone.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

/* the only copy of the pointer, disguised so the checker does not see it */
static uintptr_t hidden;

int main(void)
{
    hidden = ~(uintptr_t)malloc(71);
    for (int i = 0; i < 3; i++)
        fprintf(stderr, "call %d returned %d\n", i, __lsan_do_recoverable_leak_check());
    free((void *)~hidden);
    fprintf(stderr, "after free returned %d\n", __lsan_do_recoverable_leak_check());
    return 0;
}

// CHECK: ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 71 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 71 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: call 0 returned 1
// CHECK: ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 71 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 71 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: call 1 returned 1
// CHECK: ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 71 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 71 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: call 2 returned 1
// CHECK-NEXT: after free returned 0
// CHECK-NEXT: exit=0
