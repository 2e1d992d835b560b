// Tests that a block whose only pointer is in a register (r15) of a running thread is not a leak, and is one when registers are not roots.
// RUN: %clang %s -O2 -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=REGS
// RUN: { %env_lsan_opts=use_registers=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOREGS
#include "leaksan_test.h"
#include "spinning_holder.h"
#include <pthread.h>

static void *holder(void *arg)
{
    void *p = malloc(24);
    /* move the only copy into r15, clear rax, spin, then take it back */
    __asm__ volatile("mov %%rax, %%r15\n\t"
                     "xor %%eax, %%eax\n\t"
                     "movl $1, %1\n\t"
                     "1: pause\n\t"
                     "cmpl $0, %2\n\t"
                     "je 1b\n\t"
                     "mov %%r15, %%rax\n\t"
                     : "+a"(p), "=m"(ready)
                     : "m"(stop)
                     : "r15", "memory");
    free(p);
    return NULL;
}

int main(void)
{
    check_while_spinning(holder);
    return 0;
}

// REGS-NOT: leak of
// REGS: leaks=0
// REGS: exit=0

// NOREGS: Direct leak of 24 byte(s) in 1 object(s) allocated from:
// NOREGS: in holder {{.*}}pointer_in_register.c
// NOREGS: leaks=1
// NOREGS: exit=0
