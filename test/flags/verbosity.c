// Tests that verbosity=1 adds exactly one line to a leak check, naming the stop-the-world backend, and that verbosity=0 (the default) adds none.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=verbosity=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=QUIET
#include "leaksan_test.h"

int main(void)
{
    fprintf(stderr, "checking\n");
    fprintf(stderr, "leaks=%d\n", __lsan_do_recoverable_leak_check());
    return 0;
}

// CHECK: checking
// CHECK-NEXT: =={{[0-9]+}}==leaksan: stop_the_world: {{ptrace|signal|kernel}} backend ({{requested|auto[^)]*}})
// CHECK-NEXT: leaks=0
// CHECK-NEXT: =={{[0-9]+}}==leaksan: stop_the_world: {{ptrace|signal|kernel}} backend ({{requested|auto[^)]*}})
// CHECK-NEXT: exit=0

// QUIET: checking
// QUIET-NEXT: leaks=0
// QUIET-NEXT: exit=0
