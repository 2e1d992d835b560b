/* lsan_own_stack_call: maps a stack with a guard page, switches %rsp to it
 * for one call and back. The old stack pointer is kept in %rbp, so frame
 * pointer walks go on from the new stack into the caller's. */
#include "platform/own_stack.h"

#include <sys/mman.h>

#define GUARD 4096ul

void lsan_own_stack_switch(void *arg, void (*fn)(void *), void *top);
__asm__(".text\n"
        ".globl lsan_own_stack_switch\n"
        ".hidden lsan_own_stack_switch\n"
        ".type lsan_own_stack_switch,@function\n"
        "lsan_own_stack_switch:\n"
        ".cfi_startproc\n"
        "    push %rbp\n"
        ".cfi_def_cfa_offset 16\n"
        ".cfi_offset %rbp, -16\n"
        "    mov %rsp, %rbp\n"
        ".cfi_def_cfa_register %rbp\n"
        "    mov %rdx, %rsp\n"
        "    call *%rsi\n"
        "    mov %rbp, %rsp\n"
        "    pop %rbp\n"
        ".cfi_def_cfa %rsp, 8\n"
        "    ret\n"
        ".cfi_endproc\n"
        ".size lsan_own_stack_switch, .-lsan_own_stack_switch\n");

int lsan_own_stack_call(void (*fn)(void *), void *arg, size_t size)
{
    long m = sys_mmap(NULL, size + GUARD, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (sys_is_err(m))
        return (int)m;
    sys_mprotect((void *)m, GUARD, PROT_NONE);
    /* 16-byte aligned before the call, as the ABI wants */
    lsan_own_stack_switch(arg, fn, (void *)(m + GUARD + size));
    sys_munmap((void *)m, size + GUARD);
    return 0;
}
