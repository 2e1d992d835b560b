// Tests that stop_the_world=bogus is refused at start-up, before main runs, with one error listing the backends and exit status 1.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=stop_the_world=bogus %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

int main(void)
{
    fprintf(stderr, "main ran\n");
    return 0;
}

// CHECK: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: stop_the_world=bogus is not a backend: use auto, kernel, ptrace or signal
// CHECK-NEXT: exit=1
