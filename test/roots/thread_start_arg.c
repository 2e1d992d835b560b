// Tests that the start argument of a created thread that has not yet reached its start routine is a root: the block it points to is not a leak.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
//
// The thread is held before its start routine deterministically: SIGUSR1 is
// pending for the process and blocked everywhere except in the new thread's
// initial signal mask, so glibc's start_thread delivers it (and the handler
// blocks) when it installs that mask, just before calling the start routine.
#include "leaksan_test.h"
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>

static sem_t release;
static volatile sig_atomic_t held, started;

static void on_usr1(int sig)
{
    held = started ? -1 : 1;
    sem_wait(&release);
}

static void *worker(void *arg)
{
    started = 1;
    free(arg);
    return NULL;
}

__attribute__((noinline)) static pthread_t create(const pthread_attr_t *attr)
{
    pthread_t t;
    EXPECT(pthread_create(&t, attr, worker, malloc(51)) == 0);
    return t;
}

int main(void)
{
    sem_init(&release, 0, 0);
    signal(SIGUSR1, on_usr1);
    sigset_t usr1, none;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigemptyset(&none);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL);
    kill(getpid(), SIGUSR1); /* stays pending: every thread blocks it */

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    EXPECT(pthread_attr_setsigmask_np(&attr, &none) == 0);
    pthread_t t = create(&attr);
    pthread_attr_destroy(&attr);
    while (!held)
        usleep(1000);
    EXPECT(held == 1); /* in the handler, before worker() ran */
    int leaks = __lsan_do_recoverable_leak_check();
    sem_post(&release);
    pthread_join(t, NULL);
    printf("leaks=%d started=%d\n", leaks, started);
    return 0;
}

// CHECK-NOT: leak of
// CHECK: leaks=0 started=1
// CHECK-NEXT: exit=0
