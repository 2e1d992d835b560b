// Tests that a cancelled detached thread leaves no record behind that a later thread with the same pthread_t could be mistaken for: the later threads' joined return values are dropped, so all of them are leaks (clang's LSan agrees).
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <string.h>

#define ROUNDS 8

static volatile int started;

static void *sleeper(void *arg)
{
    started = 1;
    for (;;)
        pause(); /* a cancellation point */
    return arg;
}

static void *sleeper_once(void *arg)
{
    return arg;
}

static void *returner(void *arg)
{
    char *p = malloc(1234);
    memset(p, 1, 1234);
    return p;
}

int main(void)
{
    pthread_attr_t detached;
    pthread_attr_init(&detached);
    pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
    /* two records on leaksan's free list, the newer on top: the sleeper
     * gets the record that a walk of the registry meets first */
    pthread_t warm[2];
    for (int i = 0; i < 2; i++)
        EXPECT(pthread_create(&warm[i], NULL, sleeper_once, NULL) == 0);
    for (int i = 0; i < 2; i++)
        EXPECT(pthread_join(warm[i], NULL) == 0);
    for (int i = 0; i < ROUNDS; i++) {
        pthread_t s, r;
        started = 0;
        EXPECT(pthread_create(&s, &detached, sleeper, NULL) == 0);
        while (!started)
            usleep(1000);
        EXPECT(pthread_cancel(s) == 0);
        usleep(20000); /* gone, and its pthread_t free for the next thread */
        EXPECT(pthread_create(&r, NULL, returner, NULL) == 0);
        void *ret;
        EXPECT(pthread_join(r, &ret) == 0);
        EXPECT(ret != NULL);
        ret = NULL;
    }
    return 0;
}

// CHECK: Direct leak of 9872 byte(s) in 8 object(s) allocated from:
// CHECK: #{{[0-9]+}} {{.*}} in returner {{.*}}cancelled_thread_record.c:[[@LINE-35]]
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 9872 byte(s) leaked in 8 allocation(s).
// CHECK: exit=23
