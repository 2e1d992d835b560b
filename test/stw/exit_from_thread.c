// Tests that exit() called by one thread while others allocate runs the check once, reports the leak, and exits 23.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <string.h>

static void *volatile sink;

static void *busy(void *arg)
{
    for (;;) {
        void *p = malloc(100);
        memset(p, 0, 100);
        free(p);
    }
    return arg;
}

static void *quitter(void *arg)
{
    usleep(20000);
    sink = malloc(19);
    sink = NULL;
    exit(0);
}

int main(void)
{
    pthread_t t[4];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, busy, NULL);
    pthread_create(&t[3], NULL, quitter, NULL);
    for (;;)
        pause();
}

// CHECK: ERROR: LeakSanitizer: detected memory leaks
// CHECK: Direct leak of 19 byte(s) in 1 object(s) allocated from:
// CHECK: in quitter {{.*}}exit_from_thread.c
// CHECK-NOT: ERROR: LeakSanitizer
// CHECK: SUMMARY: LeakSanitizer: 19 byte(s) leaked in 1 allocation(s).
// CHECK-NOT: ERROR: LeakSanitizer
// CHECK: exit=23
