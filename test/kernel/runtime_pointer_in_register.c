// With stop_the_world=kernel, a block whose only pointer is in r15 of a
// spinning thread, or in xmm15 (the XSAVE image the module returns), is not
// a leak; it is one when registers are not roots.
// REQUIRES: leaksan-kmod
// RUN: %clang %s -O2 -o %t
// RUN: { %run env LSAN_OPTIONS=stop_the_world=kernel %t gpr 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=REGS
// RUN: { %run env LSAN_OPTIONS=stop_the_world=kernel %t xmm 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=REGS
// RUN: { %run env LSAN_OPTIONS=stop_the_world=kernel:use_registers=0 %t gpr 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOREGS
// RUN: { %run env LSAN_OPTIONS=stop_the_world=kernel:use_registers=0 %t xmm 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOREGS
#include "leaksan_test.h"
#include "spinning_holder.h"
#include <pthread.h>
#include <string.h>

static void *in_r15(void *arg)
{
    void *p = malloc(24);
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

static void *in_xmm15(void *arg)
{
    void *p = malloc(24);
    __asm__ volatile("movq %%rax, %%xmm15\n\t"
                     "xor %%eax, %%eax\n\t"
                     "xor %%ecx, %%ecx\n\txor %%edx, %%edx\n\txor %%esi, %%esi\n\t"
                     "xor %%edi, %%edi\n\txor %%r8d, %%r8d\n\txor %%r9d, %%r9d\n\t"
                     "xor %%r10d, %%r10d\n\txor %%r11d, %%r11d\n\t"
                     "movl $1, %1\n\t"
                     "1: pause\n\t"
                     "cmpl $0, %2\n\t"
                     "je 1b\n\t"
                     "movq %%xmm15, %%rax\n\t"
                     : "+a"(p), "=m"(ready)
                     : "m"(stop)
                     : "xmm15", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
    free(p);
    return NULL;
}

int main(int argc, char **argv)
{
    check_while_spinning(argc > 1 && !strcmp(argv[1], "xmm") ? in_xmm15 : in_r15);
    return 0;
}

// REGS-NOT: leak of
// REGS: leaks=0
// REGS: exit=0

// NOREGS: Direct leak of 24 byte(s) in 1 object(s) allocated from:
// NOREGS: leaks=1
// NOREGS: exit=0
