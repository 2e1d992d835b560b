// Tests that a check run by a thread leaksan no longer counts as running (a detached thread's TSD destructor) scans that thread's own stack from where it called the check, not the stack leaksan runs the check on: a block held only by a local there is no leak (clang's LSan agrees).
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <string.h>

static pthread_key_t key;
static volatile int done;

__attribute__((noinline)) static void run(void)
{
    void *volatile p = malloc(1234);
    memset(p, 1, 1234);
    fprintf(stderr, "recoverable=%d\n", __lsan_do_recoverable_leak_check());
    free(p);
}

static void dtor(void *v)
{
    run();
    done = 1;
}

static void *thr(void *a)
{
    pthread_setspecific(key, (void *)1);
    return NULL;
}

int main(void)
{
    EXPECT(pthread_key_create(&key, dtor) == 0);
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    EXPECT(pthread_create(&t, &at, thr, NULL) == 0);
    while (!done)
        usleep(1000);
    usleep(10000);
    return 0;
}

// CHECK-NOT: leak of
// CHECK: recoverable=0
// CHECK: exit=0
