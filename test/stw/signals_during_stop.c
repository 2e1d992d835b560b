// Tests that signals sent to threads while checks stop them are delivered afterwards, none lost.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <signal.h>

#define SENDS 300
static volatile int got;
static volatile int stop;

static void on_usr1(int sig) { __atomic_fetch_add(&got, 1, __ATOMIC_RELAXED); }

static void *target(void *arg)
{
    while (!stop)
        usleep(200);
    return arg;
}

static void *sender(void *arg)
{
    pthread_t t = *(pthread_t *)arg;
    /* one at a time: a standard signal is not queued twice, so wait for each */
    for (int i = 0; i < SENDS; i++) {
        int before = got;
        pthread_kill(t, SIGUSR1);
        while (got == before)
            usleep(50);
    }
    return NULL;
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    pthread_t t, s;
    pthread_create(&t, NULL, target, NULL);
    pthread_create(&s, NULL, sender, &t);
    int leaks = 0;
    for (int i = 0; i < 100; i++)
        leaks += __lsan_do_recoverable_leak_check();
    pthread_join(s, NULL);
    stop = 1;
    pthread_join(t, NULL);
    printf("delivered=%d leaks=%d\n", got, leaks);
    return 0;
}

// CHECK: delivered=300 leaks=0
// CHECK: exit=0
