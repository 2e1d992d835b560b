// Tests that detect_leaks=0 turns leak detection off: no report at exit or on request (which returns 0), and the program's own exit status.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=OFF
// RUN: { %env_lsan_opts=detect_leaks=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=ON
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    sink = malloc(80);
    sink = NULL;
    fprintf(stderr, "recoverable: %d\n", __lsan_do_recoverable_leak_check());
    return 0;
}

// OFF-NOT: leak of
// OFF: recoverable: 0
// OFF-NEXT: exit=0

// ON: Direct leak of 80 byte(s) in 1 object(s) allocated from:
// ON: recoverable: 1
// ON: Direct leak of 80 byte(s) in 1 object(s) allocated from:
// ON: exit=23
