// Tests that the program's own handler for the backend's signal keeps working across checks, and that its sigaction call does not displace the backend's handler.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=stop_the_world=signal %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <signal.h>

static volatile int hits;
static volatile int stop;
static void *volatile sink;

static void on_urg(int sig) { hits++; }

static void *idle(void *arg)
{
    while (!stop)
        usleep(500);
    return arg;
}

int main(void)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_urg;
    EXPECT(sigaction(SIGURG, &sa, NULL) == 0);
    pthread_t t;
    pthread_create(&t, NULL, idle, NULL);
    for (int i = 0; i < 5; i++) {
        EXPECT(__lsan_do_recoverable_leak_check() == 0);
        raise(SIGURG);
    }
    struct sigaction now;
    EXPECT(sigaction(SIGURG, NULL, &now) == 0);
    EXPECT(now.sa_handler == on_urg);
    sink = malloc(3);
    sink = NULL;
    EXPECT(__lsan_do_recoverable_leak_check() == 1);
    printf("program handler ran %d times\n", hits);
    stop = 1;
    pthread_join(t, NULL);
    return 0;
}

// CHECK: Direct leak of 3 byte(s) in 1 object(s) allocated from:
// CHECK: program handler ran 5 times
// CHECK: exit=23
