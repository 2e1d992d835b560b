// Tests that a thread that gets the kernel tid of a finished, unjoined thread is scanned through its own record (T4), not the stale one (T3), and a block held only on its stack is no leak (needs root: a PID namespace whose ns_last_pid the test sets).
// REQUIRES: root
// RUN: %clang %s -o %t
// RUN: { unshare -p -f --mount-proc %env_lsan_opts=log_threads=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include "finished_tid.h"
#include <pthread.h>
#include <string.h>
#include <sys/syscall.h>

static volatile int holding, release_holder;

static void *nothing(void *arg)
{
    return arg;
}

static void *holder(void *arg)
{
    char *volatile p = malloc(777);
    memset(p, 3, 777);
    EXPECT((int)syscall(SYS_gettid) == finished_tid);
    holding = 1;
    while (!release_holder)
        usleep(1000);
    free(p);
    return NULL;
}

int main(void)
{
    pthread_t t2, warm[2];
    /* two records on leaksan's free list, the newer on top: t1 gets the
     * record a walk of the registry meets first */
    for (int i = 0; i < 2; i++)
        EXPECT(pthread_create(&warm[i], NULL, nothing, NULL) == 0);
    for (int i = 0; i < 2; i++)
        EXPECT(pthread_join(warm[i], NULL) == 0);
    pthread_t t1 = finish_unjoined();
    EXPECT(pthread_create(&t2, NULL, holder, NULL) == 0);
    while (!holding)
        usleep(1000);
    int leaks = __lsan_do_recoverable_leak_check();
    fprintf(stderr, "leaks=%d\n", leaks);
    release_holder = 1;
    EXPECT(pthread_join(t2, NULL) == 0);
    EXPECT(pthread_join(t1, NULL) == 0);
    return 0;
}

// CHECK-NOT: leak of
// CHECK-NOT: thread T3
// CHECK: leaksan: thread T4 (tid [[TID:[0-9]+]]): sp
// CHECK-NOT: thread T3
// CHECK: leaks=0
// CHECK: exit=0
