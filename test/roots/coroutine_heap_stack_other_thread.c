// Tests that a thread blocked inside a coroutine on a malloc'ed stack, while another thread runs the check, has only its coroutine's live frames scanned: a leak, its child and a block whose only pointer sits in a freed chunk, all above the stack in its size class, are reported with exact bytes, and what the coroutine holds is not; as LSan.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <semaphore.h>
#include <string.h>
#include <ucontext.h>

#define STACK 65536 /* a size-class chunk: its neighbours are chunks of the same class */

static ucontext_t thread_ctx, co_ctx;
static sem_t in_coroutine, checked;
static uintptr_t hidden_leak, hidden_stale;

__attribute__((noinline)) static void *alloc_leak(void) { return malloc(STACK); }
__attribute__((noinline)) static void *alloc_child(void) { return malloc(STACK - 536); }
__attribute__((noinline)) static void *alloc_stale(void) { return malloc(100); }

static void coroutine(void)
{
    void *volatile held = malloc(200); /* on the coroutine's live frame */
    sem_post(&in_coroutine);
    sem_wait(&checked);
    free(held);
}

static void *thread_fn(void *arg)
{
    char *stack = malloc(STACK);
    void **leak = alloc_leak(); /* above the stack */
    memset(leak, 0, STACK);
    leak[0] = alloc_child();
    hidden_leak = ~(uintptr_t)leak;
    void **freed = malloc(STACK); /* a stale pointer in free memory */
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
    co_ctx.uc_link = &thread_ctx;
    makecontext(&co_ctx, coroutine, 0);
    co_ctx.uc_stack.ss_sp = NULL;
    EXPECT(swapcontext(&thread_ctx, &co_ctx) == 0);
    return stack;
}

int main(void)
{
    sem_init(&in_coroutine, 0, 0);
    sem_init(&checked, 0, 0);
    pthread_t t;
    EXPECT(pthread_create(&t, NULL, thread_fn, NULL) == 0);
    sem_wait(&in_coroutine);
    fprintf(stderr, "check returned %d\n", __lsan_do_recoverable_leak_check());
    sem_post(&checked);
    void *stack;
    EXPECT(pthread_join(t, &stack) == 0);
    free(stack);
    free(((void **)~hidden_leak)[0]);
    free((void *)~hidden_leak);
    free((void *)~hidden_stale);
    return 0;
}

// CHECK: Direct leak of 65536 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in alloc_leak {{.*}}coroutine_heap_stack_other_thread.c:16{{(:[0-9]+)?$}}
// CHECK: Direct leak of 100 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in alloc_stale {{.*}}coroutine_heap_stack_other_thread.c:18{{(:[0-9]+)?$}}
// CHECK: Indirect leak of 65000 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in alloc_child {{.*}}coroutine_heap_stack_other_thread.c:17{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 130636 byte(s) leaked in 3 allocation(s).
// CHECK-NEXT: check returned 1
// CHECK-NEXT: exit=0
