// Tests the exact "Suppressions used:" table: placed after the blocks and before SUMMARY, one row per matching suppression in file order (objects, bytes, template), unused suppressions left out.
// RUN: %clang %s -o %t
// RUN: printf 'leak:alloc_many\nleak:never_matches\nleak:alloc_big\n' > %t.supp
// RUN: { %env_lsan_opts=suppressions=%t.supp %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --strict-whitespace --match-full-lines
#include "leaksan_test.h"

void *volatile sink;

__attribute__((noinline)) static void alloc_many(void)
{
    for (int i = 0; i < 12; i++)
        sink = malloc(10);
}
__attribute__((noinline)) static void alloc_big(void) { sink = malloc(1234567); }

int main(void)
{
    alloc_many();
    alloc_big();
    sink = malloc(140);
    sink = NULL;
    return 0;
}

// CHECK:Direct leak of 140 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT:    #0 0x{{[0-9a-f]+}} in malloc {{.*}}
// CHECK-NEXT:    #1 0x{{[0-9a-f]+}} in main {{.*}}used_table.c:20:{{[0-9]+}}
// CHECK-NEXT:    #2 0x{{[0-9a-f]+}} in __libc_start_call_main {{.*}}
// CHECK-EMPTY:
// CHECK-NEXT:-----------------------------------------------------
// CHECK-NEXT:Suppressions used:
// CHECK-NEXT:  count      bytes template
// CHECK-NEXT:     12        120 alloc_many
// CHECK-NEXT:      1    1234567 alloc_big
// CHECK-NEXT:-----------------------------------------------------
// CHECK-EMPTY:
// CHECK-NEXT:SUMMARY: LeakSanitizer: 140 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT:exit=23
