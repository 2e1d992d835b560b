// Tests that once a check has run, the program's SIGURG actions behave as without leaksan: SIG_IGN is reported back, a handler without SA_RESTART interrupts a blocking read with EINTR, the handler's sa_mask applies, and SA_RESETHAND makes it one-shot; the checks keep working.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

static volatile int hits, usr1_blocked_in_handler;
static int fds[2];
static void *volatile sink;

static void on_urg(int sig)
{
    sigset_t now;
    pthread_sigmask(SIG_BLOCK, NULL, &now);
    usr1_blocked_in_handler = sigismember(&now, SIGUSR1);
    hits++;
}

static void set(void (*h)(int), int flags, int mask_usr1)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = h;
    sa.sa_flags = flags;
    if (mask_usr1)
        sigaddset(&sa.sa_mask, SIGUSR1);
    EXPECT(sigaction(SIGURG, &sa, NULL) == 0);
}

static void *reader(void *arg)
{
    char c;
    ssize_t r = read(fds[0], &c, 1);
    fprintf(stderr, "read: %s\n", r < 0 && errno == EINTR ? "EINTR" : "restarted");
    return arg;
}

int main(void)
{
    // the first check makes the signal backend take SIGURG over
    EXPECT(__lsan_do_recoverable_leak_check() == 0);

    set(SIG_IGN, 0, 0);
    struct sigaction now;
    EXPECT(sigaction(SIGURG, NULL, &now) == 0);
    EXPECT(now.sa_handler == SIG_IGN);
    raise(SIGURG);

    set(on_urg, 0, 1);
    // (a stop would interrupt the read too: the program's handler has no SA_RESTART)
    EXPECT(__lsan_do_recoverable_leak_check() == 0);
    EXPECT(pipe(fds) == 0);
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    usleep(100000);
    pthread_kill(t, SIGURG);
    usleep(200000);
    EXPECT(write(fds[1], "x", 1) == 1); // lets a restarted read end
    pthread_join(t, NULL);
    fprintf(stderr, "hits %d, SIGUSR1 blocked in the handler: %d\n", hits, usr1_blocked_in_handler);

    // the same struct as new and old action
    struct sigaction both;
    memset(&both, 0, sizeof(both));
    both.sa_handler = on_urg;
    both.sa_flags = SA_RESETHAND | SA_RESTART;
    EXPECT(sigaction(SIGURG, &both, &both) == 0);
    EXPECT(both.sa_handler == on_urg && !(both.sa_flags & SA_RESETHAND));
    raise(SIGURG);
    EXPECT(sigaction(SIGURG, NULL, &now) == 0);
    EXPECT(now.sa_handler == SIG_DFL);
    raise(SIGURG); // default action: ignored
    fprintf(stderr, "hits %d after SA_RESETHAND\n", hits);

    sink = malloc(7);
    sink = NULL;
    EXPECT(__lsan_do_recoverable_leak_check() == 1);
    return 0;
}

// CHECK: read: EINTR
// CHECK-NEXT: hits 1, SIGUSR1 blocked in the handler: 1
// CHECK-NEXT: hits 2 after SA_RESETHAND
// CHECK: Direct leak of 7 byte(s) in 1 object(s) allocated from:
// CHECK: exit=23
