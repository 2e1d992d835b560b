// With the module loaded, stop_the_world=auto uses the kernel backend: the
// leak is found with its exact size while threads blocked in epoll_wait,
// nanosleep and poll with every signal blocked see no EINTR.
// REQUIRES: leaksan-kmod
// RUN: %clang %s -o %t
// RUN: { %run env LSAN_OPTIONS=stop_the_world=auto:verbosity=1 %t 2>&1; echo "exit=$?"; } | FileCheck %s
// CHECK: leaksan: stop_the_world: kernel backend (auto)
// CHECK: Direct leak of 37 byte(s) in 1 object(s) allocated from:
// CHECK: SUMMARY: LeakSanitizer: 37 byte(s) leaked in 1 allocation(s).
// CHECK: leaks=1
// CHECK: epoll_wait=1 nanosleep=0 poll=1
// CHECK: exit=0
#include "leaksan_test.h"
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <time.h>

static int fds[2];
static long got[3];

static void *waiter(void *arg)
{
    int i = (int)(intptr_t)arg;
    struct pollfd p = {fds[0], POLLIN, 0};
    struct timespec ts = {1, 0};
    if (i == 0) {
        int ep = epoll_create1(0);
        struct epoll_event ev = {EPOLLIN, {0}}, out;
        epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev);
        got[0] = epoll_wait(ep, &out, 1, -1);
    } else if (i == 1) {
        got[1] = nanosleep(&ts, NULL) ? -errno : 0;
    } else {
        got[2] = poll(&p, 1, -1);
    }
    return NULL;
}

int main(void)
{
    sigset_t all;
    pthread_t t[3];
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    EXPECT(pipe(fds) == 0);
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, waiter, (void *)(intptr_t)i);
    usleep(100000);
    volatile char *p = malloc(37);
    p[0] = 1;
    p = NULL;
    printf("leaks=%d\n", __lsan_do_recoverable_leak_check());
    EXPECT(write(fds[1], "x", 1) == 1);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("epoll_wait=%ld nanosleep=%ld poll=%ld\n", got[0], got[1], got[2]);
    fflush(stdout);
    _exit(0);
}
