// Tests that __lsan_do_leak_check() finding no leaks returns, and then no check runs at exit even though a leak appeared since.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    __lsan_do_leak_check();
    fprintf(stderr, "returned\n");
    sink = malloc(70);
    sink = NULL;
    return 0;
}

// CHECK: returned
// CHECK-NEXT: exit=0
