// Tests that a recoverable check that fails (here: a thread the signal backend cannot stop) returns -1, never 0 ("no leaks"), while leaks exist; LSan returns 0 there, which a caller cannot tell from a clean check.
// RUN: %clang %s -o %t
// RUN: { env LSAN_OPTIONS=stop_the_world=signal:stop_the_world_timeout_ms=300 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <signal.h>

static void *volatile sink;
static volatile int ready;

static void *deaf(void *arg)
{
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    ready = 1;
    for (;;)
        pause();
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, deaf, NULL);
    while (!ready)
        usleep(1000);
    sink = malloc(10);
    sink = NULL;
    int r = __lsan_do_recoverable_leak_check();
    fprintf(stderr, "returned %d\n", r);
    _exit(0);
}

// CHECK: the leak check failed
// CHECK-NOT: leak of
// CHECK: returned -1
// CHECK: exit=0
