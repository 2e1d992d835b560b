// Tests that blocks allocated between __lsan_disable() and __lsan_enable() are not reported, while one allocated after __lsan_enable() is.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    __lsan_disable();
    sink = malloc(60);
    sink = calloc(1, 61);
    sink = NULL;
    __lsan_enable();
    sink = malloc(62);
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 62 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}disable_enable.c:15{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 62 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
