// Tests that a pointer left only in dead stack below a running thread's stack pointer (an old frame) is not a root under any backend: the signal backend's stop frame lands there, and the parts of it the kernel's XSAVE does not write (reserved bytes, components in their initial state) must not be read as registers.
// REQUIRES: cpu-avx
// RUN: %clang %s -O1 -mavx -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include "spinning_holder.h"
#include <pthread.h>
#include <stdint.h>

#define KEY 0x5a5a5a5a5a5a5a5aull
static volatile uintptr_t hidden;

/* leaves copies of p from 400 bytes to 16 KiB below the caller's stack
 * pointer (the bytes nearest it, a red zone, may be scanned as stack) */
__attribute__((noinline)) static void smear(void *p)
{
    void *volatile copies[2048];
    for (int i = 0; i < 2000; i++)
        copies[i] = p;
}

static void *holder(void *arg)
{
    void *p = malloc(40);
    hidden = (uintptr_t)p ^ KEY;
    smear(p);
    p = NULL;
    /* spin with nothing that may hold the pointer in a register */
    __asm__ volatile("vzeroall\n\t"
                     "xor %%eax, %%eax\n\txor %%ecx, %%ecx\n\txor %%edx, %%edx\n\t"
                     "xor %%esi, %%esi\n\txor %%edi, %%edi\n\txor %%r8d, %%r8d\n\t"
                     "xor %%r9d, %%r9d\n\txor %%r10d, %%r10d\n\txor %%r11d, %%r11d\n\t"
                     "movl $1, %0\n\t"
                     "1: pause\n\t"
                     "cmpl $0, %1\n\t"
                     "je 1b\n\t"
                     : "=m"(ready)
                     : "m"(stop)
                     : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "xmm0", "xmm1",
                       "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
                       "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "memory");
    free((void *)(hidden ^ KEY));
    return arg;
}

int main(void)
{
    check_while_spinning(holder);
    return 0;
}

// CHECK: Direct leak of 40 byte(s) in 1 object(s) allocated from:
// CHECK: in holder {{.*}}stale_pointer_below_sp.c
// CHECK: leaks=1
// CHECK: exit=0
