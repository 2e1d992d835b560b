// Tests that a block leaked by an atexit handler (which runs before the exit-time check) is reported.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

static void leak_at_exit(void)
{
    sink = malloc(202);
    sink = NULL;
}

int main(void)
{
    atexit(leak_at_exit);
    return 0;
}

// CHECK: Direct leak of 202 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in leak_at_exit {{.*}}atexit_leaks.c:10{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 202 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
