// Tests '$' as LLVM's and GCC's LSan match it (both agree, checked with clang 14 and gcc 12): a lone `leak:$` or `leak:^$` suppresses nothing (an empty name never matches), `*$` everything, and each literal run is taken at its first occurrence, so `ab$` does not match "abab_ab" but `*ab` does.
// RUN: %clang %s -o %t
// RUN: echo 'leak:$' > %t.dollar
// RUN: echo 'leak:^$' > %t.empty
// RUN: echo 'leak:ab$' > %t.first
// RUN: echo 'leak:^abab_ab$' > %t.exact
// RUN: { %env_lsan_opts=suppressions=%t.dollar %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NONE
// RUN: { %env_lsan_opts=suppressions=%t.empty %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NONE
// RUN: { %env_lsan_opts=suppressions=%t.first %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NONE
// RUN: { %env_lsan_opts=suppressions=%t.exact %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=EXACT
#include "leaksan_test.h"

void *volatile sink;

__attribute__((noinline)) void abab_ab(void) { sink = malloc(141); }

int main(void)
{
    abab_ab();
    sink = NULL;
    return 0;
}

// NONE: Direct leak of 141 byte(s) in 1 object(s) allocated from:
// NONE-NOT: Suppressions used
// NONE: SUMMARY: LeakSanitizer: 141 byte(s) leaked in 1 allocation(s).
// NONE-NEXT: exit=23

// EXACT-NOT: leak of
// EXACT: Suppressions used:
// EXACT-NEXT: count      bytes template
// EXACT-NEXT: 1        141 ^abab_ab$
// EXACT: exit=0
