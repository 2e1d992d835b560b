// Tests that a non-dumpable process gets the full report through the signal backend and stays non-dumpable.
// RUN: %clang %s -o %t
// RUN: { env LD_PRELOAD=%preload_lib LSAN_OPTIONS=stop_the_world=auto:verbosity=1 %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <sys/prctl.h>

static void *volatile sink;
static volatile int stop;

static void *idle(void *arg)
{
    while (!stop)
        usleep(1000);
    return arg;
}

int main(void)
{
    EXPECT(prctl(PR_SET_DUMPABLE, 0) == 0);
    pthread_t t;
    pthread_create(&t, NULL, idle, NULL);
    sink = malloc(52);
    sink = NULL;
    EXPECT(__lsan_do_recoverable_leak_check() == 1);
    EXPECT(prctl(PR_GET_DUMPABLE) == 0);
    printf("still non-dumpable\n");
    fflush(stdout);
    stop = 1;
    pthread_join(t, NULL);
    return 0;
}

// CHECK: leaksan: stop_the_world: signal backend (auto; ptrace not used: {{.*}}dumpable{{.*}})
// CHECK: Direct leak of 52 byte(s) in 1 object(s) allocated from:
// CHECK: still non-dumpable
// CHECK: SUMMARY: LeakSanitizer: 52 byte(s) leaked in 1 allocation(s).
// CHECK: exit=23
