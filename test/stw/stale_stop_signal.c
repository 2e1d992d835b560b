// Tests that a stop signal still pending after a check that could not stop a thread (it blocked the signal) is dropped when the thread unblocks it, instead of killing the process through the signal's default action.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=stop_the_world_signal=40 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <signal.h>

static void *worker(void *arg)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, 40);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    sleep(2);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    fprintf(stderr, "worker: unblocked, still alive\n");
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    usleep(200000);
    __lsan_do_recoverable_leak_check(); // the signal backend gives up on the worker
    pthread_join(t, NULL);
    EXPECT(__lsan_do_recoverable_leak_check() == 0);
    fprintf(stderr, "main: done\n");
    return 0;
}

// CHECK: worker: unblocked, still alive
// CHECK-NEXT: main: done
// CHECK-NEXT: exit=0
