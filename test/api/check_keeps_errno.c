// Tests that a leak check leaves errno as the program set it and is no cancellation point (LSan's does neither): errno is 1234 after it, and a thread with a cancel pending runs a check and goes on.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <errno.h>
#include <pthread.h>

static volatile int after_check;

static void *cancelled(void *arg)
{
    pthread_cancel(pthread_self()); /* pending: deferred cancellation */
    __lsan_do_recoverable_leak_check();
    after_check = 1;
    return NULL;
}

int main(void)
{
    errno = 1234;
    __lsan_do_recoverable_leak_check();
    fprintf(stderr, "errno after check: %d\n", errno);
    pthread_t t;
    EXPECT(pthread_create(&t, NULL, cancelled, NULL) == 0);
    void *ret;
    EXPECT(pthread_join(t, &ret) == 0);
    fprintf(stderr, "thread went on after its check: %s\n", after_check ? "yes" : "no");
    return 0;
}

// CHECK: errno after check: 1234
// CHECK: thread went on after its check: yes
// CHECK: exit=0
