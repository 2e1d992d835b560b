// Tests that a suppressions file has no line limit: with 10000 lines that match nothing, the 10001st (leak:big_file_leak) still suppresses its leak (leaksan used to refuse files past 4096 suppressions; LSan has no limit).
// RUN: %clang %s -o %t
// RUN: seq 1 10000 | sed 's/^/leak:no_such_function_/' > %t.supp
// RUN: echo 'leak:big_file_leak' >> %t.supp
// RUN: { %env_lsan_opts=suppressions=%t.supp %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

__attribute__((noinline)) void big_file_leak(void) { sink = malloc(151); }
__attribute__((noinline)) void kept_leak(void) { sink = malloc(152); }

int main(void)
{
    big_file_leak();
    kept_leak();
    sink = NULL;
    return 0;
}

// CHECK-NOT: leaksan:
// CHECK: Direct leak of 152 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: Suppressions used:
// CHECK-NEXT: count      bytes template
// CHECK-NEXT: 1        151 big_file_leak
// CHECK: SUMMARY: LeakSanitizer: 152 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
