// Tests that a thread started with clone(2) instead of pthread_create is stopped too and its stack is scanned from its stack pointer to the end of its mapping.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=STACKS
// RUN: { %env_lsan_opts=use_stacks=0:use_registers=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOSTACKS
#include "leaksan_test.h"
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>

static volatile int ready, stop, done;

static int child(void *arg)
{
    void *volatile held = arg; /* the only pointer: on this thread's stack */
    ready = 1;
    while (!stop)
        ;
    held = NULL;
    done = 1;
    return 0;
}

__attribute__((noinline)) static void start(void)
{
    size_t size = 1 << 20;
    char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    EXPECT(stack != MAP_FAILED);
    int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
    EXPECT(clone(child, stack + size, flags, malloc(33)) > 0);
}

int main(void)
{
    start();
    while (!ready)
        usleep(100);
    int leaks = __lsan_do_recoverable_leak_check();
    printf("leaks=%d\n", leaks);
    fflush(stdout);
    stop = 1;
    while (!done)
        usleep(100);
    _exit(0);
}

// STACKS-NOT: leak of
// STACKS: leaks=0
// STACKS: exit=0

// NOSTACKS: Direct leak of 33 byte(s) in 1 object(s) allocated from:
// NOSTACKS: leaks=1
// NOSTACKS: exit=0
