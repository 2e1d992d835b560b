// Tests that log_threads=1 logs every thread found while the world is stopped: its uid, tid, stack pointer and stack range.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=log_threads=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <semaphore.h>
#include <sys/syscall.h>

static sem_t started, done;

static void *worker(void *arg)
{
    fprintf(stderr, "worker tid=%ld\n", (long)syscall(SYS_gettid));
    sem_post(&started);
    sem_wait(&done);
    return arg;
}

int main(void)
{
    sem_init(&started, 0, 0);
    sem_init(&done, 0, 0);
    fprintf(stderr, "main tid=%ld\n", (long)syscall(SYS_gettid));
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    sem_wait(&started);
    int leaks = __lsan_do_recoverable_leak_check();
    sem_post(&done);
    pthread_join(t, NULL);
    fprintf(stderr, "leaks=%d\n", leaks);
    return 0;
}

// CHECK: main tid=[[MAIN:[0-9]+]]
// CHECK-NEXT: worker tid=[[WORKER:[0-9]+]]
// CHECK-DAG: leaksan: thread T0 (tid [[MAIN]]): sp 0x{{[0-9a-f]+}}, stack [0x{{[0-9a-f]+}}, 0x{{[0-9a-f]+}})
// CHECK-DAG: leaksan: thread T1 (tid [[WORKER]]): sp 0x{{[0-9a-f]+}}, stack [0x{{[0-9a-f]+}}, 0x{{[0-9a-f]+}})
// CHECK-NOT: leaksan: thread
// CHECK: leaks=0
// The check at exit sees the main thread only.
// CHECK-NEXT: leaksan: thread T0 (tid [[MAIN]])
// CHECK-NOT: leaksan: thread
// CHECK: exit=0
