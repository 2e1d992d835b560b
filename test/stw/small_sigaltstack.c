// Tests that threads that set a small alternate signal stack (MINSIGSTKSZ, 2 KiB: legal, and enough for a handler of theirs that runs on it) survive checks: the stop signal's frame (3 KiB and more with AVX-512) goes on the thread's own stack, never on the program's alternate stack, when the program has no handler for the stop signal; and the program's sigaltstack() still reports its own stack.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <signal.h>

static volatile int ready, stop, same;
static void *volatile sink;

static void *worker(void *arg)
{
    static char stacks[2][2048];
    stack_t ss = {.ss_sp = stacks[arg != NULL], .ss_size = 2048, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) != 0)
        return NULL;
    __atomic_fetch_add(&ready, 1, __ATOMIC_RELAXED);
    while (!stop)
        usleep(1000);
    stack_t now;
    sigaltstack(NULL, &now);
    if (now.ss_sp == ss.ss_sp && now.ss_size == 2048 && !(now.ss_flags & SS_DISABLE))
        __atomic_fetch_add(&same, 1, __ATOMIC_RELAXED);
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    pthread_create(&t[0], NULL, worker, NULL);
    pthread_create(&t[1], NULL, worker, (void *)1);
    while (ready < 2)
        usleep(1000);
    int found = 0;
    for (int i = 0; i < 3; i++) {
        sink = malloc(56);
        sink = NULL;
        found += __lsan_do_recoverable_leak_check();
    }
    stop = 1;
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    fprintf(stderr, "checks that found the leak: %d of 3\n", found);
    fprintf(stderr, "threads whose sigaltstack is still their own: %d\n", same);
    return 0;
}

// CHECK: checks that found the leak: 3 of 3
// CHECK-NEXT: threads whose sigaltstack is still their own: 2
// CHECK: exit=23
