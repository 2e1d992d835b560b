// Tests that checks leave the program's view of alternate stacks as it was: a thread that set none still reads SS_DISABLE (leaksan's own alternate stack for it stays hidden), and a thread that set a 64 KiB one reads it back and runs its SA_ONSTACK handler on it.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <signal.h>
#include <string.h>

static char big[64 * 1024];
static volatile int ready, stop, on_big;
static volatile int views[2];

static void on_usr1(int sig)
{
    char here;
    on_big = &here >= big && &here < big + sizeof(big);
}

static void *worker(void *arg)
{
    int i = arg != NULL;
    if (i) {
        stack_t ss = {.ss_sp = big, .ss_size = sizeof(big), .ss_flags = 0};
        EXPECT(sigaltstack(&ss, NULL) == 0);
    }
    __atomic_fetch_add(&ready, 1, __ATOMIC_RELAXED);
    while (!stop)
        usleep(1000);
    stack_t now;
    EXPECT(sigaltstack(NULL, &now) == 0);
    views[i] = i ? now.ss_sp == big && now.ss_size == sizeof(big) && now.ss_flags == 0
                 : now.ss_flags == SS_DISABLE;
    if (i)
        raise(SIGUSR1);
    return NULL;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_ONSTACK;
    EXPECT(sigaction(SIGUSR1, &sa, NULL) == 0);
    pthread_t t[2];
    pthread_create(&t[0], NULL, worker, NULL);
    pthread_create(&t[1], NULL, worker, (void *)1);
    while (ready < 2)
        usleep(1000);
    EXPECT(__lsan_do_recoverable_leak_check() == 0);
    EXPECT(__lsan_do_recoverable_leak_check() == 0);
    stop = 1;
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    stack_t now;
    EXPECT(sigaltstack(NULL, &now) == 0);
    fprintf(stderr, "no alternate stack: %s, %s\n", views[0] ? "SS_DISABLE" : "WRONG",
            now.ss_flags == SS_DISABLE ? "SS_DISABLE" : "WRONG");
    fprintf(stderr, "64 KiB one: %s, handler on it: %s\n", views[1] ? "its own" : "WRONG",
            on_big ? "yes" : "no");
    return 0;
}

// CHECK: no alternate stack: SS_DISABLE, SS_DISABLE
// CHECK-NEXT: 64 KiB one: its own, handler on it: yes
// CHECK: exit=0
