// Tests that print_suppressions=0 drops the "Suppressions used:" table and nothing else.
// RUN: %clang %s -o %t
// RUN: echo "leak:alloc_suppressed" > %t.supp
// RUN: { %env_lsan_opts=suppressions=%t.supp:print_suppressions=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=suppressions=%t.supp %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=DEFAULT
#include "leaksan_test.h"

void *volatile sink;

__attribute__((noinline)) static void alloc_suppressed(void) { sink = malloc(190); }

int main(void)
{
    alloc_suppressed();
    sink = malloc(191);
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 191 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}print_suppressions.c:15{{(:[0-9]+)?$}}
// CHECK-NEXT: #2
// CHECK-EMPTY:
// CHECK-NEXT: SUMMARY: LeakSanitizer: 191 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23

// DEFAULT: Suppressions used:
// DEFAULT-NEXT: count      bytes template
// DEFAULT-NEXT: 1        190 alloc_suppressed
// DEFAULT: SUMMARY: LeakSanitizer: 191 byte(s) leaked in 1 allocation(s).
