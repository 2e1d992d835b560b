// Tests that '*' in a suppression matches any run of characters: leak:alloc_*_suppressed hides alloc_one_suppressed and alloc_two_suppressed but not alloc_kept.
// RUN: %clang %s -o %t
// RUN: echo "leak:alloc_*_suppressed" > %t.supp
// RUN: { %env_lsan_opts=suppressions=%t.supp %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

__attribute__((noinline)) static void alloc_one_suppressed(void) { sink = malloc(116); }
__attribute__((noinline)) static void alloc_two_suppressed(void) { sink = malloc(117); }
__attribute__((noinline)) static void alloc_kept(void) { sink = malloc(118); }

int main(void)
{
    alloc_one_suppressed();
    alloc_two_suppressed();
    alloc_kept();
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 118 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in alloc_kept {{.*}}wildcard.c:11{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: Suppressions used:
// CHECK-NEXT: count      bytes template
// CHECK-NEXT: 2        233 alloc_*_suppressed
// CHECK: SUMMARY: LeakSanitizer: 118 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
