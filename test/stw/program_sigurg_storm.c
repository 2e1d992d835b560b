// Tests that a program that keeps sending thread-directed SIGURGs to its own threads (Go-style preemption, event-loop wake-ups) gets every check done, none failing at the stop timeout because its SIGURG and the stop signal merged into one (standard signals do not queue); its handler still gets its SIGURGs, each with the program's own si_code, never one of leaksan's.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=stop_the_world_timeout_ms=3000 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// With SIGURG itself as the stop signal, a stop that merged into the program's pending SIGURG is served by the handler that SIGURG runs:
// RUN: { %env_lsan_opts=stop_the_world_signal=23:stop_the_world_timeout_ms=3000 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>

static volatile int hits, foreign, stop, worker_tid;
static void *volatile sink;

static void on_urg(int sig, siginfo_t *si, void *uc)
{
    if (si->si_code != SI_TKILL)
        foreign = 1;
    __atomic_fetch_add(&hits, 1, __ATOMIC_RELAXED);
}

static void *worker(void *arg)
{
    worker_tid = (int)syscall(SYS_gettid);
    while (!stop)
        ;
    return arg;
}

static void *preempter(void *arg)
{
    while (!stop) {
        syscall(SYS_tgkill, getpid(), worker_tid, SIGURG);
        syscall(SYS_tgkill, getpid(), (int)syscall(SYS_gettid), SIGURG);
    }
    return arg;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_urg;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    EXPECT(sigaction(SIGURG, &sa, NULL) == 0);
    pthread_t w, p;
    pthread_create(&w, NULL, worker, NULL);
    while (!worker_tid)
        usleep(1000);
    pthread_create(&p, NULL, preempter, NULL);
    usleep(50000);
    int ok = 0;
    for (int i = 0; i < 5; i++) {
        sink = malloc(40);
        sink = NULL;
        ok += __lsan_do_recoverable_leak_check() == 1;
    }
    stop = 1;
    pthread_join(p, NULL);
    pthread_join(w, NULL);
    int before = hits;
    raise(SIGURG);
    fprintf(stderr, "checks that found the leak: %d of 5\n", ok);
    fprintf(stderr, "handler ran for the last SIGURG: %s\n", hits == before + 1 ? "yes" : "no");
    fprintf(stderr, "handler saw a signal not sent by the program: %s\n", foreign ? "yes" : "no");
    return 0;
}

// CHECK: checks that found the leak: 5 of 5
// CHECK-NEXT: handler ran for the last SIGURG: yes
// CHECK-NEXT: handler saw a signal not sent by the program: no
// CHECK: exit=23
