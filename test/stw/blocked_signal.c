// Tests that with the signal backend a thread that blocks every signal is named in one precise message and the check fails with status 1 instead of reporting wrong leaks.
// REQUIRES: backend-signal
// RUN: %clang %s -o %t
// RUN: { env LD_PRELOAD=%preload_lib LSAN_OPTIONS=stop_the_world=signal:stop_the_world_timeout_ms=300 %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>

static void *volatile sink;
static volatile int ready;

static void *deaf(void *arg)
{
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    prctl(PR_SET_NAME, "deaf-thread");
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
    __lsan_do_leak_check();
    return 0;
}

// CHECK: leaksan: stop_the_world: the signal backend failed: thread {{[0-9]+}} (deaf-thread) blocks signal 23, so it cannot be stopped without ptrace; unblock it or use stop_the_world=ptrace
// CHECK-NOT: leak of
// CHECK: exit=1
