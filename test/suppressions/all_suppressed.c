// Tests that when every leak is suppressed there is no ERROR header, no blocks and no SUMMARY: only the table, and exit status 0.
// RUN: %clang %s -o %t
// RUN: echo "leak:alloc_" > %t.supp
// RUN: { %env_lsan_opts=suppressions=%t.supp %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --strict-whitespace --match-full-lines
#include "leaksan_test.h"

void *volatile sink;

__attribute__((noinline)) static void alloc_a(void) { sink = malloc(180); }
__attribute__((noinline)) static void alloc_b(void) { sink = malloc(181); }

int main(void)
{
    fprintf(stderr, "main done\n");
    alloc_a();
    alloc_b();
    sink = NULL;
    return 0;
}

// CHECK:main done
// CHECK-NEXT:-----------------------------------------------------
// CHECK-NEXT:Suppressions used:
// CHECK-NEXT:  count      bytes template
// CHECK-NEXT:      2        361 alloc_
// CHECK-NEXT:-----------------------------------------------------
// CHECK-EMPTY:
// CHECK-NEXT:exit=0
