// Tests LLVM's swapcontext shape: a coroutine runs on a stack from new[] (or, given an argument, on an array in main's frame) and leaks new int[666]; a check inside the coroutine, while the only pointers to the new[] stack are sp and the coroutine's own frames, reports the 2664 bytes and not the live stack block, and so does the check at exit. LLVM's LSan agrees at exit, but inside the coroutine on the new[] stack it misses the 2664 bytes: sp in a register makes it scan the whole block, dead frames below sp included; leaksan scans the block from sp up only, which is right.
// RUN: %clangxx %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %run %t main 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <ucontext.h>

#include "clear_stack.h"

static const int kStackSize = 1 << 20;
static ucontext_t orig_context, child_context;
static uintptr_t hidden_stack;
static char *volatile kept; /* the new[] block when it is no stack */

static void Child()
{
    int *leaked = new int[666];
    leaked = nullptr;
    clear_stack();
    fprintf(stderr, "check in coroutine returned %d\n", __lsan_do_recoverable_leak_check());
}

int main(int argc, char **argv)
{
    char stack_memory[kStackSize + 1] __attribute__((aligned(16)));
    char *heap_memory = new char[kStackSize + 1];
    char *child_stack = argc > 1 ? stack_memory : heap_memory;
    if (argc > 1)
        kept = heap_memory;
    hidden_stack = ~(uintptr_t)heap_memory;
    heap_memory = nullptr;
    getcontext(&child_context);
    child_context.uc_stack.ss_sp = child_stack;
    child_context.uc_stack.ss_size = kStackSize / 2;
    child_context.uc_link = &orig_context;
    child_stack = nullptr;
    makecontext(&child_context, Child, 0);
    child_context.uc_stack.ss_sp = nullptr;
    EXPECT(swapcontext(&orig_context, &child_context) == 0);
    delete[] (char *)~hidden_stack;
    return 0;
}

// CHECK: Direct leak of 2664 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in operator new[]
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 2664 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: check in coroutine returned 1
// CHECK: Direct leak of 2664 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in operator new[]
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 2664 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
