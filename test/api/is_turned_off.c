// Tests that a program defining __lsan_is_turned_off() returning 1 gets no leak report (at exit or on request) and keeps its exit status 0.
// RUN: %clang %s -rdynamic -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

int __lsan_is_turned_off(void) { return 1; }

int main(void)
{
    sink = malloc(72);
    sink = NULL;
    fprintf(stderr, "recoverable: %d\n", __lsan_do_recoverable_leak_check());
    return 0;
}

// CHECK-NOT: leak of
// CHECK: recoverable: 0
// CHECK-NEXT: exit=0
