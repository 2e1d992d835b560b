// Tests that max_leaks=N prints only the N largest blocks under "The N top leak(s):", then "Omitting K more leak(s).", while SUMMARY counts every leak.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=max_leaks=2 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=max_leaks=3 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=ALL
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    sink = malloc(10);
    sink = malloc(30);
    sink = malloc(20);
    sink = NULL;
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: The 2 top leak(s):
// CHECK-NEXT: Direct leak of 30 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: Direct leak of 20 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}max_leaks.c:13{{(:[0-9]+)?$}}
// CHECK-NEXT: #2
// CHECK-EMPTY:
// CHECK-NEXT: Omitting 1 more leak(s).
// CHECK-NEXT: SUMMARY: LeakSanitizer: 60 byte(s) leaked in 3 allocation(s).
// CHECK-NEXT: exit=23

// ALL-NOT: top leak
// ALL: Direct leak of 30 byte(s)
// ALL: Direct leak of 20 byte(s)
// ALL: Direct leak of 10 byte(s)
// ALL-NOT: Omitting
// ALL: SUMMARY: LeakSanitizer: 60 byte(s) leaked in 3 allocation(s).
