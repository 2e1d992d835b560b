// Tests that tries=N does what LSan's does (LLVM's flag_tries): N whole checks, each printing its report, and the check counts as leaking (exit 23, recoverable check returns 1) only if every try found leaks; tries=0 still checks once.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=tries=3 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=THREE
// RUN: { %env_lsan_opts=tries=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=ONE
// RUN: { %env_lsan_opts=tries=12 %run %t recoverable 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=TWELVE
#include "leaksan_test.h"
#include <string.h>

void *volatile sink;

int main(int argc, char **argv)
{
    for (int i = 0; i < 2; i++)
        sink = malloc(95);
    sink = NULL;
    if (argc > 1) {
        int r = __lsan_do_recoverable_leak_check();
        fprintf(stderr, "recoverable returned %d\n", r);
        __lsan_disable();
        _exit(0);
    }
    return 0;
}

// THREE-COUNT-3: SUMMARY: LeakSanitizer: 190 byte(s) leaked in 2 allocation(s).
// THREE-NOT: SUMMARY
// THREE: exit=23

// ONE: Direct leak of 190 byte(s) in 2 object(s) allocated from:
// ONE-COUNT-1: SUMMARY: LeakSanitizer: 190 byte(s) leaked in 2 allocation(s).
// ONE-NOT: SUMMARY
// ONE: exit=23

// TWELVE-COUNT-12: SUMMARY: LeakSanitizer: 190 byte(s) leaked in 2 allocation(s).
// TWELVE-NOT: SUMMARY
// TWELVE: recoverable returned 1
// TWELVE: exit=0
