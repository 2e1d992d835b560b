// Tests that the exit-time check runs after the program's atexit handlers: a block freed by one is not reported.
// RUN: %clang %s -o %t
// RUN: %run %t 2>&1 | count 0
// RUN: { %run %t no-handler 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

/* the only copy of the address, disguised so the checker cannot see it */
static uintptr_t hidden;

static void release(void) { free((void *)~hidden); }

int main(int argc, char **argv)
{
    hidden = ~(uintptr_t)malloc(201);
    if (argc == 1)
        atexit(release);
    return 0;
}

// CHECK: Direct leak of 201 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}atexit_frees.c:14{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 201 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
