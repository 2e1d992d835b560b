// Tests that allocations with the same stack (one line in a loop, different sizes) form one block with the summed bytes and object count.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    for (int i = 1; i <= 5; i++)
        sink = malloc(10 * i);
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 150 byte(s) in 5 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}same_stack_merged.c:11{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 150 byte(s) leaked in 5 allocation(s).
// CHECK-NEXT: exit=23
