// Tests that a block whose only pointer is in xmm15 of a running thread (the SSE state every backend's XSAVE or FXSAVE image holds, below the AVX and AVX-512 parts the ymm and xmm16 tests cover) is not a leak, and is one when registers are not roots.
// RUN: %clang %s -O2 -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=REGS
// RUN: { %env_lsan_opts=use_registers=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOREGS
#include "leaksan_test.h"
#include "spinning_holder.h"
#include <pthread.h>

/* move the only copy into xmm15, clear the registers glibc may leave it in,
 * spin, then take it back */
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

int main(void)
{
    check_while_spinning(in_xmm15);
    return 0;
}

// REGS-NOT: leak of
// REGS: leaks=0
// REGS: exit=0

// NOREGS: Direct leak of 24 byte(s) in 1 object(s) allocated from:
// NOREGS: in in_xmm15 {{.*}}pointer_in_xmm15.c
// NOREGS: leaks=1
// NOREGS: exit=0
