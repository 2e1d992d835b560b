// Tests that malloc_context_size=N records exactly N frames (#0 to #N-1), and that 0 records none.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=malloc_context_size=3 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=THREE
// RUN: { %env_lsan_opts=malloc_context_size=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=ONE
// RUN: { %env_lsan_opts=malloc_context_size=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=ZERO
#include "leaksan_test.h"

void *volatile sink;

__attribute__((noinline)) static void level3(void) { sink = malloc(85); }
__attribute__((noinline)) static void level2(void) { level3(); }
__attribute__((noinline)) static void level1(void) { level2(); }

int main(void)
{
    level1();
    sink = NULL;
    return 0;
}

// THREE: Direct leak of 85 byte(s) in 1 object(s) allocated from:
// THREE-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// THREE-NEXT: #1 0x{{[0-9a-f]+}} in level3 {{.*}}malloc_context_size.c:10{{(:[0-9]+)?$}}
// THREE-NEXT: #2 0x{{[0-9a-f]+}} in level2 {{.*}}malloc_context_size.c:11{{(:[0-9]+)?$}}
// THREE-EMPTY:
// THREE-NEXT: SUMMARY: LeakSanitizer: 85 byte(s) leaked in 1 allocation(s).
// THREE-NEXT: exit=23

// ONE: Direct leak of 85 byte(s) in 1 object(s) allocated from:
// ONE-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// ONE-EMPTY:
// ONE-NEXT: SUMMARY: LeakSanitizer: 85 byte(s) leaked in 1 allocation(s).
// ONE-NEXT: exit=23

// ZERO: Direct leak of 85 byte(s) in 1 object(s) allocated from:
// ZERO-NEXT: {{^    }}<empty stack: malloc_context_size=0>
// ZERO-EMPTY:
// ZERO-NEXT: SUMMARY: LeakSanitizer: 85 byte(s) leaked in 1 allocation(s).
// ZERO-NEXT: exit=23
