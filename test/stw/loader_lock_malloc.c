// Tests that leak checks do not deadlock with a thread that calls malloc and free inside a dl_iterate_phdr callback (crash reporters and symbolizers do): the check takes the loader lock before the allocator's, as LSan does (LLVM's Linux/libdl_deadlock).
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

static volatile int stop, iterations;

static int cb(struct dl_phdr_info *info, size_t size, void *arg)
{
    /* a large block: its allocation takes the allocator's shared lock */
    char *p = malloc(1 << 20);
    memset(p, 1, 100);
    usleep(100); /* hold the loader lock a while with a block in hand */
    free(p);
    return 0;
}

static void *iterate(void *arg)
{
    while (!stop) {
        dl_iterate_phdr(cb, NULL);
        __atomic_add_fetch(&iterations, 1, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

int main(void)
{
    alarm(60); /* a deadlock ends the test, not the suite */
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        EXPECT(pthread_create(&t[i], NULL, iterate, NULL) == 0);
    while (iterations < 10)
        usleep(1000);
    int leaks = 0;
    for (int i = 0; i < 100; i++)
        leaks += __lsan_do_recoverable_leak_check();
    stop = 1;
    for (int i = 0; i < 2; i++)
        EXPECT(pthread_join(t[i], NULL) == 0);
    fprintf(stderr, "checks=100 leaks=%d\n", leaks);
    return 0;
}

// CHECK-NOT: leak of
// CHECK: checks=100 leaks=0
// CHECK: exit=0
