// Tests that a thread with only 1 KiB of stack left when a stop signal lands survives the check: the stop's signal frame (3 KiB and more with AVX-512) goes on leaksan's own alternate stack for the thread, which it has from its first stop on, and the block it holds is found.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <sys/mman.h>

#define STACK (256 * 1024)
static char *stack_lo;
static volatile int low, stop;
static void *volatile sink;

static void *worker(void *arg)
{
    void *p = malloc(48);
    sink = p; /* the worker's only reference moves to the register below */
    while (!low)
        usleep(1000);
    sink = NULL;
    /* run with 1 KiB above the guard page, holding p in r12 only */
    __asm__ volatile("mov %%rsp, %%rbx\n\t"
                     "mov %2, %%rsp\n\t"
                     "movl $2, %0\n\t"
                     "1: pause\n\t"
                     "cmpl $0, %1\n\t"
                     "je 1b\n\t"
                     "mov %%rbx, %%rsp\n\t"
                     : "=m"(low)
                     : "m"(stop), "r"(stack_lo + 1024), "r"(p)
                     : "rbx", "memory");
    free(p);
    return arg;
}

int main(void)
{
    /* a guard page below the thread's stack, as glibc makes */
    char *m = mmap(NULL, STACK + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT(m != MAP_FAILED);
    EXPECT(mprotect(m, 4096, PROT_NONE) == 0);
    stack_lo = m + 4096;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, stack_lo, STACK);
    pthread_t t;
    pthread_create(&t, &attr, worker, NULL);
    usleep(20000);
    EXPECT(__lsan_do_recoverable_leak_check() == 0); // a first stop, on its own stack
    low = 1;
    while (low != 2)
        usleep(1000);
    EXPECT(__lsan_do_recoverable_leak_check() == 0);
    fprintf(stderr, "second check done\n");
    stop = 1;
    pthread_join(t, NULL);
    return 0;
}

// CHECK-NOT: leak of
// CHECK: second check done
// CHECK-NOT: leak of
// CHECK: exit=0
