// Tests that a block whose only pointer is on another (blocked) thread's stack is not a leak, and is one with use_stacks=0.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=STACKS
// RUN: { %env_lsan_opts=use_stacks=0:use_registers=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOSTACKS
#include "leaksan_test.h"
#include "holder_thread.h"


static void *holder(void *arg)
{
    void *volatile local = malloc(44);
    hold_until_checked();
    free(local);
    return arg;
}

int main(void)
{
    int leaks = check_while_held(holder);
    printf("leaks=%d\n", leaks);
    return 0;
}

// STACKS-NOT: leak of
// STACKS: leaks=0
// STACKS-NEXT: exit=0

// NOSTACKS: Direct leak of 44 byte(s) in 1 object(s) allocated from:
// NOSTACKS-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// NOSTACKS-NEXT: #1 0x{{[0-9a-f]+}} in holder {{.*}}thread_stack.c:11{{(:[0-9]+)?$}}
// NOSTACKS-NOT: leak of
// NOSTACKS: SUMMARY: LeakSanitizer: 44 byte(s) leaked in 1 allocation(s).
// NOSTACKS: leaks=1
// NOSTACKS-NEXT: exit=0
