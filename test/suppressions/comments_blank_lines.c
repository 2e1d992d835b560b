// Tests that a suppressions file may hold '#' comments, blank lines and surrounding spaces, tabs and CRs: a commented-out suppression does not apply, an indented one does.
// RUN: %clang %s -o %t
// RUN: printf '# suppressions for this test\n\n   \n#leak:alloc_commented\n  leak:alloc_indented\t\r\n\n' > %t.supp
// RUN: { %env_lsan_opts=suppressions=%t.supp %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --strict-whitespace
#include "leaksan_test.h"

void *volatile sink;

__attribute__((noinline)) static void alloc_commented(void) { sink = malloc(130); }
__attribute__((noinline)) static void alloc_indented(void) { sink = malloc(131); }

int main(void)
{
    alloc_commented();
    alloc_indented();
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 130 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: Suppressions used:
// CHECK-NEXT: {{^}}  count      bytes template{{$}}
// CHECK-NEXT: {{^}}      1        131 alloc_indented{{$}}
// CHECK-NEXT: -------
// CHECK: SUMMARY: LeakSanitizer: 130 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
