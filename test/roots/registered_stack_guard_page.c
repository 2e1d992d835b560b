// Tests that a thread's registered stack is scanned only where it is readable: the thread runs on a stack of its own (pthread_attr_setstack) whose lowest page it made PROT_NONE, and switches to a coroutine, so the check scans the whole registered stack; the guard page is skipped, a block held by the thread's frame below the switch is no leak, and a real leak is reported with exact bytes; as LSan, which skips leading unreadable pages of such a stack.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <ucontext.h>

#define THREAD_STACK (256 << 10)
#define CO_STACK 65536

static ucontext_t co_ctx;
static sem_t in_coroutine, checked;
static uintptr_t hidden;

__attribute__((noinline)) static void *leak(void) { return malloc(213); }

static void coroutine(void)
{
    sem_post(&in_coroutine);
    sem_wait(&checked);
}

static void *thread_fn(void *arg)
{
    ucontext_t thread_ctx;            /* like held, on the registered stack */
    void *volatile held = malloc(77); /* on the registered stack, below the switch */
    static char co_stack[CO_STACK] __attribute__((aligned(16)));
    getcontext(&co_ctx);
    co_ctx.uc_stack.ss_sp = co_stack;
    co_ctx.uc_stack.ss_size = sizeof(co_stack);
    co_ctx.uc_link = &thread_ctx;
    makecontext(&co_ctx, coroutine, 0);
    EXPECT(swapcontext(&thread_ctx, &co_ctx) == 0);
    free(held);
    return NULL;
}

int main(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *stack = mmap(NULL, THREAD_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT(stack != MAP_FAILED);
    EXPECT(mprotect(stack, page, PROT_NONE) == 0);
    hidden = ~(uintptr_t)leak();
    sem_init(&in_coroutine, 0, 0);
    sem_init(&checked, 0, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    EXPECT(pthread_attr_setstack(&attr, stack, THREAD_STACK) == 0);
    pthread_t t;
    EXPECT(pthread_create(&t, &attr, thread_fn, NULL) == 0);
    sem_wait(&in_coroutine);
    fprintf(stderr, "check returned %d\n", __lsan_do_recoverable_leak_check());
    sem_post(&checked);
    EXPECT(pthread_join(t, NULL) == 0);
    free((void *)~hidden);
    return 0;
}

// CHECK: Direct leak of 213 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in leak {{.*}}registered_stack_guard_page.c:17{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 213 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: check returned 1
// CHECK-NEXT: exit=0
