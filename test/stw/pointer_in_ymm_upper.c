// Tests that a block whose only pointer is in the upper half of a ymm register of a running thread is not a leak (registers include the AVX state, not only the FXSAVE area), and is one when registers are not roots.
// REQUIRES: cpu-avx
// RUN: %clang %s -O2 -mavx -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=REGS
// RUN: { %env_lsan_opts=use_registers=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOREGS
#include "leaksan_test.h"
#include "spinning_holder.h"
#include <pthread.h>

static void *holder(void *arg)
{
    void *p = malloc(24);
    /* the only copy goes to bits 128-191 of ymm15; every other register that may hold it is cleared */
    __asm__ volatile("vzeroall\n\t"
                     "vmovq %%rax, %%xmm0\n\t"
                     "vinsertf128 $1, %%xmm0, %%ymm15, %%ymm15\n\t"
                     "vpxor %%xmm0, %%xmm0, %%xmm0\n\t"
                     "xor %%eax, %%eax\n\t"
                     /* and whatever malloc left in the scratch registers */
                     "xor %%ecx, %%ecx\n\txor %%edx, %%edx\n\txor %%esi, %%esi\n\t"
                     "xor %%edi, %%edi\n\txor %%r8d, %%r8d\n\txor %%r9d, %%r9d\n\t"
                     "xor %%r10d, %%r10d\n\txor %%r11d, %%r11d\n\t"
                     "movl $1, %1\n\t"
                     "1: pause\n\t"
                     "cmpl $0, %2\n\t"
                     "je 1b\n\t"
                     "vextractf128 $1, %%ymm15, %%xmm0\n\t"
                     "vmovq %%xmm0, %%rax\n\t"
                     : "+a"(p), "=m"(ready)
                     : "m"(stop)
                     : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
                       "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "rcx", "rdx",
                       "rsi", "rdi", "r8", "r9", "r10", "r11", "memory");
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
// NOREGS: in holder {{.*}}pointer_in_ymm_upper.c
// NOREGS: leaks=1
// NOREGS: exit=0
