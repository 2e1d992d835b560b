// Tests that any user may use the module (the device is mode 0666 and the
// stop needs no capability): a program run as nobody, with no capability,
// stops its own threads with the kernel backend and its leak is found with
// its exact size while a second thread sleeps in nanosleep.
// REQUIRES: leaksan-kmod, root
// RUN: %clang %s -o %t
// RUN: chmod 0755 %t
// RUN: { %run setpriv --reuid=65534 --regid=65534 --clear-groups env LSAN_OPTIONS=stop_the_world=kernel:verbosity=1:leak_check_at_exit=0 %t 2>&1; echo "exit=$?"; } | FileCheck %s
// CHECK: uid=65534
// CHECK: leaksan: stop_the_world: kernel backend (requested)
// CHECK: Direct leak of 43 byte(s) in 1 object(s) allocated from:
// CHECK: SUMMARY: LeakSanitizer: 43 byte(s) leaked in 1 allocation(s).
// CHECK: leaks=1
// CHECK: exit=0
#include "leaksan_test.h"
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static void *volatile sink;

static void *sleeper(void *arg)
{
    struct timespec ts = {30, 0};
    nanosleep(&ts, NULL);
    return arg;
}

int main(void)
{
    fprintf(stderr, "uid=%d\n", (int)getuid());
    pthread_t t;
    pthread_create(&t, NULL, sleeper, NULL);
    sink = malloc(43);
    sink = NULL;
    fprintf(stderr, "leaks=%d\n", __lsan_do_recoverable_leak_check());
    return 0;
}
