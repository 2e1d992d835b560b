// Tests that matching a suppression with many '*' takes time linear in the pattern times the name (LSan's first-occurrence rule): eight stars against a 60-letter name finish at once (the old backtracking matcher never finished) and still match exactly as LLVM's and GCC's LSan do.
// RUN: %clang %s -o %t
// RUN: echo 'leak:*a*a*a*a*a*a*a*a*b' > %t.none
// RUN: echo 'leak:*a*a*a*a*a*a*a*a*z' > %t.hit
// RUN: { %env_lsan_opts=suppressions=%t.none timeout 60 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NONE
// RUN: { %env_lsan_opts=suppressions=%t.hit timeout 60 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=HIT
#include "leaksan_test.h"

void *volatile sink;

__attribute__((noinline)) void aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaz(void)
{
    sink = malloc(131);
}

int main(void)
{
    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaz();
    sink = NULL;
    return 0;
}

// NONE: Direct leak of 131 byte(s) in 1 object(s) allocated from:
// NONE-NOT: Suppressions used
// NONE: SUMMARY: LeakSanitizer: 131 byte(s) leaked in 1 allocation(s).
// NONE-NEXT: exit=23

// HIT-NOT: leak of
// HIT: Suppressions used:
// HIT-NEXT: count      bytes template
// HIT-NEXT: 1        131 *a*a*a*a*a*a*a*a*z
// HIT-NOT: SUMMARY
// HIT: exit=0
