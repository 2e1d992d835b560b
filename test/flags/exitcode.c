// Tests that exitcode=N is the exit status of a process with leaks, and that exitcode=0 keeps the report but exits 0.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=exitcode=7 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=SEVEN
// RUN: { %env_lsan_opts=exitcode=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=ZERO
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    sink = malloc(82);
    sink = NULL;
    return 3;
}

// SEVEN: Direct leak of 82 byte(s) in 1 object(s) allocated from:
// SEVEN: SUMMARY: LeakSanitizer: 82 byte(s) leaked in 1 allocation(s).
// SEVEN-NEXT: exit=7

// With exitcode=0 the program's own status stands.
// ZERO: Direct leak of 82 byte(s) in 1 object(s) allocated from:
// ZERO: SUMMARY: LeakSanitizer: 82 byte(s) leaked in 1 allocation(s).
// ZERO-NEXT: exit=3
