// With the module loaded, stop_the_world=auto uses the kernel backend where
// ptrace is refused: in a non-dumpable process and under a seccomp filter
// that kills on ptrace. The leak is found with its exact size, the process
// stays non-dumpable, and no thread sees EINTR (no signal backend).
// REQUIRES: leaksan-kmod
// RUN: %clang %s -o %t
// RUN: { %run env LSAN_OPTIONS=stop_the_world=auto:verbosity=1 %t nodump 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefixes=CHECK,NODUMP
// RUN: { %run env LSAN_OPTIONS=stop_the_world=auto:verbosity=1 %t seccomp 2>&1; echo "exit=$?"; } | FileCheck %s
// CHECK: leaksan: stop_the_world: kernel backend (auto)
// CHECK: Direct leak of 52 byte(s) in 1 object(s) allocated from:
// CHECK: leaks=1
// NODUMP: still non-dumpable
// CHECK: nanosleep=0
// CHECK: exit=0
#include "leaksan_test.h"
#include "seccomp.h"
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

static void *volatile sink;
static long slept = 1;

static void *sleeper(void *arg)
{
    struct timespec ts = {1, 0};
    slept = nanosleep(&ts, NULL) ? -errno : 0;
    return NULL;
}

int main(int argc, char **argv)
{
    pthread_t t;
    int nodump = argc > 1 && !strcmp(argv[1], "nodump");
    if (nodump)
        EXPECT(prctl(PR_SET_DUMPABLE, 0) == 0);
    else
        EXPECT(deny_ptrace(SECCOMP_RET_KILL_PROCESS) == 0);
    pthread_create(&t, NULL, sleeper, NULL);
    usleep(100000);
    sink = malloc(52);
    sink = NULL;
    printf("leaks=%d\n", __lsan_do_recoverable_leak_check());
    if (nodump && prctl(PR_GET_DUMPABLE) == 0)
        printf("still non-dumpable\n");
    pthread_join(t, NULL);
    printf("nanosleep=%ld\n", slept);
    fflush(stdout);
    _exit(0);
}
