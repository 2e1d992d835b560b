// Tests that fast_unwind_on_malloc=0 unwinds allocation stacks with the DWARF unwinder: through a caller whose frame-pointer chain is cut, up to main.
// RUN: %clang %s -fomit-frame-pointer -O1 -o %t
// RUN: { %env_lsan_opts=fast_unwind_on_malloc=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=FAST
#include "leaksan_test.h"

void *volatile sink;

__attribute__((noinline)) void level2(void)
{
    sink = malloc(86);
    __asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void level1(void)
{
    /* rbp is 0 while level2 runs: a frame-pointer walk ends there */
    __asm__ volatile("xor %%ebp, %%ebp" ::: "rbp");
    level2();
    __asm__ volatile("" ::: "memory"); /* no tail call */
}

int main(void)
{
    level1();
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 86 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in level2 {{.*}}fast_unwind_on_malloc.c:11{{(:[0-9]+)?$}}
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in level1 {{.*}}fast_unwind_on_malloc.c:19{{(:[0-9]+)?$}}
// CHECK-NEXT: #3 0x{{[0-9a-f]+}} in main {{.*}}fast_unwind_on_malloc.c:25{{(:[0-9]+)?$}}
// CHECK: SUMMARY: LeakSanitizer: 86 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23

// The frame-pointer walk ends in level2.
// FAST: Direct leak of 86 byte(s) in 1 object(s) allocated from:
// FAST-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// FAST-NEXT: #1 0x{{[0-9a-f]+}} in level2 {{.*}}fast_unwind_on_malloc.c:11{{(:[0-9]+)?$}}
// FAST-EMPTY:
// FAST-NEXT: SUMMARY: LeakSanitizer: 86 byte(s) leaked in 1 allocation(s).
