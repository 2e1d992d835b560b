// Tests that checks succeed while detached threads keep exiting: glibc blocks every signal in a thread's last steps and frees its TLS there, so such a thread may wait for the allocator lock the check holds; it is past its user code and must not fail the check.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>

#define SLOTS 64
#define CHECKS 40

static void *volatile slots[SLOTS];
static volatile int stop;

static void *worker(void *arg)
{
    long i = (long)arg;
    void *p = malloc(64 + i % 100);
    free(__atomic_exchange_n(&slots[i % SLOTS], p, __ATOMIC_SEQ_CST));
    return NULL;
}

static void *spawner(void *arg)
{
    for (long i = 0; !stop; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, worker, (void *)i) == 0)
            pthread_detach(t);
        if (i % 8 == 0)
            usleep(100);
    }
    return arg;
}

int main(void)
{
    pthread_t s;
    pthread_create(&s, NULL, spawner, NULL);
    int leaks = 0;
    for (int k = 0; k < CHECKS; k++) {
        leaks += __lsan_do_recoverable_leak_check();
        usleep(5000);
    }
    stop = 1;
    pthread_join(s, NULL);
    printf("checks with leaks: %d\n", leaks);
    return 0;
}

// CHECK-NOT: leaksan:
// CHECK-NOT: LeakSanitizer
// CHECK: checks with leaks: 0
// CHECK-NEXT: exit=0
