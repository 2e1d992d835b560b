// Tests that a block returned by a finished thread that is not yet joined is not a leak, and is one after pthread_join once the caller drops it.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>

static volatile pid_t worker_tid;

static void *worker(void *arg)
{
    worker_tid = (pid_t)syscall(SYS_gettid);
    return malloc(52);
}

/* joins t and forgets what it returned */
__attribute__((noinline)) static void join_and_drop(pthread_t t)
{
    void *ret;
    EXPECT(pthread_join(t, &ret) == 0);
    EXPECT(ret != NULL);
    ret = NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (!worker_tid)
        usleep(1000);
    /* wait until the thread has exited (the kernel no longer knows its tid) */
    while (syscall(SYS_tgkill, getpid(), worker_tid, 0) == 0 || errno != ESRCH)
        usleep(1000);
    int before = __lsan_do_recoverable_leak_check();
    fprintf(stderr, "before join: leaks=%d\n", before);
    join_and_drop(t);
    int after = __lsan_do_recoverable_leak_check();
    fprintf(stderr, "after join: leaks=%d\n", after);
    return 0;
}

// CHECK-NOT: leak of
// CHECK: before join: leaks=0
// CHECK-EMPTY:
// CHECK-NEXT: =================================================================
// CHECK-NEXT: =={{[0-9]+}}==ERROR: LeakSanitizer: detected memory leaks
// CHECK: Direct leak of 52 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in worker {{.*}}thread_return_value.c:15{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 52 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: after join: leaks=1
// CHECK: Direct leak of 52 byte(s) in 1 object(s) allocated from:
// CHECK: SUMMARY: LeakSanitizer: 52 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
