// Tests that __lsan_do_leak_check() reports the leaks and ends the process with exit status 23 at once.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    sink = malloc(67);
    sink = NULL;
    fprintf(stderr, "checking\n");
    __lsan_do_leak_check();
    fprintf(stderr, "returned\n");
    return 0;
}

// CHECK: checking
// CHECK-EMPTY:
// CHECK-NEXT: =================================================================
// CHECK-NEXT: =={{[0-9]+}}==ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 67 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}do_leak_check.c:10{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 67 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
