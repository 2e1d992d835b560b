// Threads blocked in read, futex, nanosleep, poll and epoll_wait, with every
// signal blocked, are stopped and resumed 20 times: no call returns EINTR, no
// call returns early, and every wake-up sent after the stops is seen.
// REQUIRES: leaksan-kmod, mode-preload
// RUN: %clang %s -o %t && %run env LD_PRELOAD= %t | FileCheck %s
// CHECK: stops: 20, threads per stop: 9
// CHECK-NEXT: none returned during the stops
// CHECK-DAG: read: 1
// CHECK-DAG: futex: 0
// CHECK-DAG: futex_timed: 0
// CHECK-DAG: nanosleep: 0 (slept the whole second)
// CHECK-DAG: poll: 1
// CHECK-DAG: poll_timed: 1
// CHECK-DAG: epoll_wait: 1
// CHECK-DAG: epoll_wait_timed: 1
// CHECK-DAG: select: 1
// CHECK: done
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>

#include "Inputs/kstw.h"

enum { READ, FUTEX, FUTEX_TIMED, NANOSLEEP, POLL, POLL_TIMED, EPOLL, EPOLL_TIMED, SELECT, N };
static const char *names[N] = {"read", "futex", "futex_timed", "nanosleep", "poll",
                               "poll_timed", "epoll_wait", "epoll_wait_timed", "select"};
static int pipes[N][2];
static volatile int futex_word;
static long result[N], err[N];
static volatile int finished[N];
static uint64_t slept_ns;

static void *blocker(void *arg)
{
    int i = (int)(intptr_t)arg, fd = pipes[i][0];
    long r = 0;
    char c;
    struct pollfd p = {fd, POLLIN, 0};
    struct timespec big = {60, 0}, second = {1, 0};
    if (i == READ) {
        r = read(fd, &c, 1);
    } else if (i == FUTEX || i == FUTEX_TIMED) {
        while (!futex_word && (r = syscall(SYS_futex, &futex_word, FUTEX_WAIT, 0,
                                           i == FUTEX ? NULL : &big)) == 0)
            ;
    } else if (i == NANOSLEEP) {
        uint64_t t0 = kstw_now_ns();
        r = nanosleep(&second, NULL);
        slept_ns = kstw_now_ns() - t0;
    } else if (i == POLL || i == POLL_TIMED) {
        r = poll(&p, 1, i == POLL ? -1 : 60000);
    } else if (i == EPOLL || i == EPOLL_TIMED) {
        int ep = epoll_create1(0);
        struct epoll_event ev = {EPOLLIN, {0}}, out;
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        r = epoll_wait(ep, &out, 1, i == EPOLL ? -1 : 60000);
    } else if (i == SELECT) {
        fd_set set;
        FD_ZERO(&set);
        FD_SET(fd, &set);
        r = select(fd + 1, &set, NULL, NULL, NULL);
    }
    result[i] = r;
    err[i] = r < 0 ? errno : 0;
    finished[i] = 1;
    return NULL;
}

int main(void)
{
    struct kstw k;
    pthread_t th[N];
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    kstw_open(&k, 64);
    for (int i = 0; i < N; i++) {
        KSTW_CHECK(pipe(pipes[i]) == 0);
        KSTW_CHECK(pthread_create(&th[i], NULL, blocker, (void *)(intptr_t)i) == 0);
    }
    kstw_sleep_ms(100);
    uint32_t per_stop = 0;
    for (int s = 0; s < 20; s++) {
        uint32_t n = kstw_stop(&k);
        for (uint32_t j = 0; j < n; j++)
            KSTW_CHECK(kstw_record(&k, j)->status == LEAKSAN_STW_STOPPED);
        kstw_resume(&k);
        per_stop = s ? (per_stop == n ? n : 0) : n;
        kstw_sleep_ms(15);
    }
    printf("stops: 20, threads per stop: %u\n", per_stop);
    int early = 0;
    for (int i = 0; i < N; i++)
        if (finished[i] && i != NANOSLEEP)
            early++, printf("returned early: %s %ld errno %ld\n", names[i], result[i], err[i]);
    if (!early)
        printf("none returned during the stops\n");
    kstw_sleep_ms(1200); /* past the nanosleep */
    __atomic_store_n(&futex_word, 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, &futex_word, FUTEX_WAKE, 100);
    for (int i = 0; i < N; i++)
        KSTW_CHECK(write(pipes[i][1], "x", 1) == 1);
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        if (i == NANOSLEEP)
            printf("%s: %ld%s\n", names[i], result[i],
                   slept_ns >= 1000000000ull ? " (slept the whole second)" : " (woke early)");
        else
            printf("%s: %ld%s%s\n", names[i], result[i], err[i] ? " " : "",
                   err[i] ? strerror((int)err[i]) : "");
    }
    printf("done\n");
    return 0;
}
