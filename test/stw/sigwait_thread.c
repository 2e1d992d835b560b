// Tests that with the signal backend a sigwait() thread, which keeps every other signal blocked for good, is named within about a second (not after the full timeout) and the check fails with status 1 instead of reporting.
// REQUIRES: backend-signal
// RUN: %clang %s -o %t
// RUN: { env LD_PRELOAD=%preload_lib LSAN_OPTIONS=stop_the_world=signal %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>

static void *volatile sink;

static void *signal_thread(void *arg)
{
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGTERM);
    prctl(PR_SET_NAME, "sigwaiter");
    int sig;
    sigwait(&wanted, &sig);
    return arg;
}

int main(void)
{
    /* the usual pattern: every thread blocks everything, one sigwait()s */
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    pthread_t t;
    pthread_create(&t, NULL, signal_thread, NULL);
    pthread_sigmask(SIG_UNBLOCK, &all, NULL);
    usleep(20000);
    sink = malloc(6);
    sink = NULL;
    __lsan_do_leak_check();
    return 0;
}

// CHECK: leaksan: stop_the_world: the signal backend failed: thread {{[0-9]+}} (sigwaiter) blocks signal 23, so it cannot be stopped without ptrace; unblock it or use stop_the_world=ptrace
// CHECK-NOT: no backend could stop
// CHECK-NOT: leak of
// CHECK: leaksan: the leak check failed (errno 62, see above); no leak report was produced
// CHECK: exit=1
