// Tests that print_summary=0 drops the SUMMARY line and nothing else: the blocks are printed and the exit status is still 23.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=print_summary=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    sink = malloc(87);
    sink = NULL;
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: detected memory leaks
// CHECK: Direct leak of 87 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}print_summary.c:10{{(:[0-9]+)?$}}
// CHECK-NEXT: #2
// CHECK-EMPTY:
// CHECK-NEXT: exit=23
