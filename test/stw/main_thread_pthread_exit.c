// Tests that when main calls pthread_exit, the zombie main thread does not hold up the stop: the exit-time check of the last thread reports the leak under every backend.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

void *volatile kept;

static void *worker(void *arg)
{
    usleep(100000); // main is a zombie by now
    kept = malloc(5);
    void *volatile lost = malloc(13);
    lost = NULL;
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_exit(NULL);
}

// CHECK-NOT: leaksan:
// CHECK: Direct leak of 13 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in worker {{.*}}main_thread_pthread_exit.c:14{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 13 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
