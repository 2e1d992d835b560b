// Tests that leak:PATTERN matches source file names: a leak allocated in code from thirdparty_alloc.c is suppressed by leak:thirdparty_alloc.c.
// RUN: %clang %s -o %t
// RUN: echo "leak:thirdparty_alloc.c" > %t.supp
// RUN: { %env_lsan_opts=suppressions=%t.supp %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

void vendor_alloc(void);

int main(void)
{
    vendor_alloc();
    sink = malloc(112);
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 112 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}source_file.c:14{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: Suppressions used:
// CHECK-NEXT: count      bytes template
// CHECK-NEXT: 1        113 thirdparty_alloc.c
// CHECK: SUMMARY: LeakSanitizer: 112 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23

/* The debug information names this code's file vendor/thirdparty_alloc.c. */
#line 1 "vendor/thirdparty_alloc.c"
__attribute__((noinline)) void vendor_alloc(void) { sink = malloc(113); }
