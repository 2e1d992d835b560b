// With stop_the_world=kernel, the fs base the module returns is the thread
// pointer: a block whose only pointer is in the static TLS of a thread
// blocked in read is not a leak, and is one when TLS is not a root.
// REQUIRES: leaksan-kmod
// RUN: %clang %s -o %t
// RUN: { %run env LSAN_OPTIONS=stop_the_world=kernel %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=TLS
// RUN: { %run env LSAN_OPTIONS=stop_the_world=kernel:use_tls=0 %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOTLS
#include "leaksan_test.h"
#include <pthread.h>

static __thread void *tls_only;
static int fds[2];
static volatile int ready;

static void *holder(void *arg)
{
    char c;
    tls_only = malloc(19);
    ready = 1;
    EXPECT(read(fds[0], &c, 1) == 1);
    free(tls_only);
    return NULL;
}

int main(void)
{
    pthread_t t;
    EXPECT(pipe(fds) == 0);
    pthread_create(&t, NULL, holder, NULL);
    while (!ready)
        usleep(1000);
    usleep(20000);
    int leaks = __lsan_do_recoverable_leak_check();
    EXPECT(write(fds[1], "x", 1) == 1);
    pthread_join(t, NULL);
    printf("leaks=%d\n", leaks);
    return 0;
}

// TLS-NOT: leak of
// TLS: leaks=0
// TLS: exit=0

// NOTLS: Direct leak of 19 byte(s) in 1 object(s) allocated from:
// NOTLS: leaks=1
// NOTLS: exit=0
