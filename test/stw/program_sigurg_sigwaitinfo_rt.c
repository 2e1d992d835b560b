// Tests that when the program handles SIGURG (so the signal backend stops its threads with a real-time signal, which does not merge with the program's SIGURGs), a thread that blocks that real-time signal and waits for it with sigwaitinfo() is stopped with SIGURG instead and never receives a stop as its own signal: its sigwaitinfo() returns only the signal the program sent it.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=stop_the_world_timeout_ms=3000 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

static volatile int waiting, urgs;
static void *volatile sink;

static void on_urg(int sig) { urgs++; }

static void *waiter(void *arg)
{
    sigset_t set;
    sigemptyset(&set);
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
        sigaddset(&set, sig);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    waiting = 1;
    siginfo_t si;
    int r;
    while ((r = sigwaitinfo(&set, &si)) < 0 && errno == EINTR)
        ;
    fprintf(stderr, "sigwaitinfo: signal %s, %s\n", r == SIGRTMAX ? "SIGRTMAX" : "other",
            si.si_code != SI_QUEUE ? "sent by the program" : "queued (a stop signal?)");
    return arg;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_urg;
    sa.sa_flags = SA_RESTART;
    EXPECT(sigaction(SIGURG, &sa, NULL) == 0);
    pthread_t t;
    pthread_create(&t, NULL, waiter, NULL);
    while (!waiting)
        usleep(1000);
    usleep(10000);
    int found = 0;
    for (int i = 0; i < 3; i++) {
        sink = malloc(24);
        sink = NULL;
        found += __lsan_do_recoverable_leak_check();
    }
    fprintf(stderr, "checks that found the leak: %d of 3\n", found);
    pthread_kill(t, SIGRTMAX);
    pthread_join(t, NULL);
    fprintf(stderr, "SIGURG handler calls: %d\n", urgs);
    return 0;
}

// CHECK: checks that found the leak: 3 of 3
// CHECK-NEXT: sigwaitinfo: signal SIGRTMAX, sent by the program
// CHECK-NEXT: SIGURG handler calls: 0
// CHECK: exit=23
