// Tests that __lsan_disable() applies to the calling thread only: a block another thread allocates meanwhile is reported.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>

void *volatile sink;

static void *other(void *arg)
{
    sink = malloc(65);
    sink = NULL;
    return arg;
}

int main(void)
{
    __lsan_disable();
    pthread_t t;
    pthread_create(&t, NULL, other, NULL);
    pthread_join(t, NULL);
    sink = malloc(66);
    sink = NULL;
    __lsan_enable();
    return 0;
}

// CHECK: Direct leak of 65 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in other {{.*}}disable_per_thread.c:11{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 65 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
