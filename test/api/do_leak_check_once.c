// Tests that after __lsan_do_leak_check() (here with exitcode=0, so it returns) a second call and the exit-time check do nothing: the report appears once.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=exitcode=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    sink = malloc(68);
    sink = NULL;
    __lsan_do_leak_check();
    fprintf(stderr, "first returned\n");
    sink = malloc(69);
    sink = NULL;
    __lsan_do_leak_check();
    fprintf(stderr, "second returned\n");
    return 0;
}

// CHECK: ERROR: LeakSanitizer: detected memory leaks
// CHECK: Direct leak of 68 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 68 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: first returned
// CHECK-NEXT: second returned
// CHECK-NEXT: exit=0
