// Tests that stop_the_world=auto with verbosity=1 names the backend it chose: the ptrace backend where ptrace works (it leaves the program's system calls alone; a signal-backend stop makes poll, nanosleep, epoll_wait, select and sigwaitinfo fail with EINTR), and the stop still lets a nanosleep in another thread run to its end.
// REQUIRES: backend-ptrace
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=stop_the_world=auto:verbosity=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <errno.h>
#include <pthread.h>
#include <time.h>

static volatile int sleeping;

static void *sleeper(void *arg)
{
    struct timespec ts = {0, 500 * 1000 * 1000};
    sleeping = 1;
    int r = nanosleep(&ts, NULL);
    fprintf(stderr, "nanosleep: %s\n", r == 0 ? "slept" : errno == EINTR ? "EINTR" : "failed");
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, sleeper, NULL);
    while (!sleeping)
        usleep(1000);
    usleep(50 * 1000);
    EXPECT(__lsan_do_recoverable_leak_check() == 0);
    pthread_join(t, NULL);
    return 0;
}

// CHECK: leaksan: stop_the_world: ptrace backend (auto{{(; kernel not used: [^;]*)?}})
// CHECK: nanosleep: slept
// CHECK: exit=0
