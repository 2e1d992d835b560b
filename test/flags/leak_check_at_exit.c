// Tests that leak_check_at_exit=0 skips the check at exit (exit status 0) while __lsan_do_recoverable_leak_check() still reports and returns 1.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=leak_check_at_exit=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    sink = malloc(81);
    sink = NULL;
    fprintf(stderr, "recoverable: %d\n", __lsan_do_recoverable_leak_check());
    return 0;
}

// CHECK: Direct leak of 81 byte(s) in 1 object(s) allocated from:
// CHECK: SUMMARY: LeakSanitizer: 81 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: recoverable: 1
// CHECK-NEXT: exit=0
