// Stop-the-world cost: N threads parked (idle: pthread_cond_wait; syscalls:
// each blocked in one of read, poll, nanosleep, epoll_wait, select, futex in
// turn, all with long timeouts), then CHECKS timed calls of
// __lsan_do_recoverable_leak_check(). Prints the median and the minimum in
// microseconds. Run with LD_PRELOAD=libleaksan.so and
// LSAN_OPTIONS=stop_the_world=BACKEND; see bench/stw-vm.sh.
//   stw_cost N idle|syscalls CHECKS
#include <errno.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int done, parked, fds[2], ep;
static int futex_word;
// globals, so the checks find no leak (a report would be timed too)
static pthread_t *t;
static double *us;

static void *idle(void *arg)
{
    pthread_mutex_lock(&mu);
    parked++;
    while (!done)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    return arg;
}

static void *blocked(void *arg)
{
    long kind = (long)arg % 6;
    __atomic_add_fetch(&parked, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n(&done, __ATOMIC_SEQ_CST)) {
        char c;
        struct pollfd p = {fds[0], POLLIN, 0};
        struct timespec ts = {3600, 0};
        struct epoll_event ev;
        struct timeval tv = {3600, 0};
        fd_set set;
        switch (kind) {
        case 0: if (read(fds[0], &c, 1) == 1) return arg; break;
        case 1: poll(&p, 1, 3600 * 1000); break;
        case 2: nanosleep(&ts, NULL); break;
        case 3: epoll_wait(ep, &ev, 1, 3600 * 1000); break;
        case 4: FD_ZERO(&set); FD_SET(fds[0], &set); select(fds[0] + 1, &set, NULL, NULL, &tv); break;
        case 5: syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0); break;
        }
    }
    return arg;
}

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc != 4 || !__lsan_do_recoverable_leak_check) {
        fprintf(stderr, "usage: stw_cost N idle|syscalls CHECKS (under leaksan)\n");
        return 2;
    }
    int n = atoi(argv[1]), checks = atoi(argv[3]);
    int sys = !strcmp(argv[2], "syscalls");
    t = calloc(n, sizeof(*t));
    us = calloc(checks, sizeof(*us));
    if (pipe(fds) || (ep = epoll_create1(0)) < 0)
        return 1;
    struct epoll_event ev = {.events = EPOLLIN};
    epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    for (long i = 0; i < n; i++)
        if (pthread_create(&t[i], &attr, sys ? blocked : idle, (void *)i)) {
            fprintf(stderr, "pthread_create %ld failed\n", i);
            return 1;
        }
    while (__atomic_load_n(&parked, __ATOMIC_SEQ_CST) < n)
        usleep(1000);
    usleep(200 * 1000); // let them all block
    if (__lsan_do_recoverable_leak_check() < 0) { // warm-up
        fprintf(stderr, "the leak check failed\n");
        return 1;
    }
    for (int i = 0; i < checks; i++) {
        double t0 = now_us();
        int r = __lsan_do_recoverable_leak_check();
        us[i] = now_us() - t0;
        if (r < 0) {
            fprintf(stderr, "the leak check failed\n");
            return 1;
        }
    }
    qsort(us, checks, sizeof(*us), cmp);
    printf("median_us=%.0f min_us=%.0f checks=%d threads=%d kind=%s\n", us[checks / 2], us[0],
           checks, n, argv[2]);
    fflush(stdout);
    _exit(0); // the threads stay parked; no exit check
}
