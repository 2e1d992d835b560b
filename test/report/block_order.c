// Tests the order of blocks: direct leaks before indirect ones, and within each kind the larger total first (not allocation order, not object size).
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    sink = malloc(50);                  /* direct, 50 */
    for (int i = 0; i < 3; i++)
        sink = malloc(100);             /* direct, 300 in 3 objects */
    sink = malloc(250);                 /* direct, 250 */
    void **small = malloc(16);          /* direct, 16, owns two indirect blocks */
    small[0] = malloc(1000);            /* indirect, 1000 */
    small[1] = malloc(20);              /* indirect, 20 */
    small = NULL;
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 300 byte(s) in 3 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: Direct leak of 250 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: Direct leak of 50 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: Direct leak of 16 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: Indirect leak of 1000 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: Indirect leak of 20 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 1636 byte(s) leaked in 8 allocation(s).
// CHECK-NEXT: exit=23
