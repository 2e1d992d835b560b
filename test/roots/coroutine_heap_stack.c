// Tests that a coroutine (makecontext/swapcontext) running on a malloc'ed stack has only its live frames scanned, from sp to the end of its heap block: a leak, a leak's child and a block whose only pointer sits in a freed chunk, all placed above the stack in the same size class, are reported with exact bytes; what the coroutine's frames hold and the stack block itself are not; as LSan (which scans no coroutine stack at all and so also reports nothing for the coroutine's block).
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <string.h>
#include <ucontext.h>

#define STACK 65536 /* a size-class chunk: its neighbours are chunks of the same class */

static ucontext_t main_ctx, co_ctx;
static uintptr_t hidden_leak, hidden_stale, hidden_stack;

__attribute__((noinline)) static void *alloc_leak(void) { return malloc(STACK); }
__attribute__((noinline)) static void *alloc_child(void) { return malloc(STACK - 536); }
__attribute__((noinline)) static void *alloc_stale(void) { return malloc(100); }
__attribute__((noinline)) static void *alloc_held(void) { return malloc(200); }

static void coroutine(void)
{
    void *volatile held = alloc_held(); /* on the coroutine's live frame */
    fprintf(stderr, "check returned %d\n", __lsan_do_recoverable_leak_check());
    free(held);
}

int main(void)
{
    char *stack = malloc(STACK);
    hidden_stack = ~(uintptr_t)stack; /* only sp points into it during the check */
    void **leak = alloc_leak();       /* above the stack */
    memset(leak, 0, STACK);
    leak[0] = alloc_child();
    hidden_leak = ~(uintptr_t)leak;
    void **freed = malloc(STACK);     /* a stale pointer in free memory */
    void *stale = alloc_stale();
    freed[0] = stale;
    hidden_stale = ~(uintptr_t)stale;
    free(freed);
    leak = NULL;
    freed = NULL;
    stale = NULL;
    getcontext(&co_ctx);
    co_ctx.uc_stack.ss_sp = stack;
    co_ctx.uc_stack.ss_size = STACK;
    co_ctx.uc_link = &main_ctx;
    stack = NULL;
    makecontext(&co_ctx, coroutine, 0);
    co_ctx.uc_stack.ss_sp = NULL; /* glibc keeps no copy of it but this */
    EXPECT(swapcontext(&main_ctx, &co_ctx) == 0);
    free(((void **)~hidden_leak)[0]);
    free((void *)~hidden_leak);
    free((void *)~hidden_stale);
    free((void *)~hidden_stack);
    return 0;
}

// CHECK: Direct leak of 65536 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in alloc_leak {{.*}}coroutine_heap_stack.c:13{{(:[0-9]+)?$}}
// CHECK: Direct leak of 100 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in alloc_stale {{.*}}coroutine_heap_stack.c:15{{(:[0-9]+)?$}}
// CHECK: Indirect leak of 65000 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in alloc_child {{.*}}coroutine_heap_stack.c:14{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 130636 byte(s) leaked in 3 allocation(s).
// CHECK-NEXT: check returned 1
// CHECK-NEXT: exit=0
