// Tests that a block whose only pointer is in a __thread variable of another (blocked) thread is not a leak, and is one with use_tls=0.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=TLS
// RUN: { %env_lsan_opts=use_tls=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOTLS
//
// With use_tls=0 the thread's static TLS block must not be scanned as part of
// its stack, although glibc places it at the top of the stack mapping.
#include "leaksan_test.h"
#include <pthread.h>
#include <semaphore.h>

static sem_t stored, done;
static __thread void *tls_ptr;

static void *holder(void *arg)
{
    tls_ptr = malloc(45);
    sem_post(&stored);
    sem_wait(&done);
    free(tls_ptr);
    return arg;
}

int main(void)
{
    pthread_t t;
    sem_init(&stored, 0, 0);
    sem_init(&done, 0, 0);
    pthread_create(&t, NULL, holder, NULL);
    sem_wait(&stored);
    int leaks = __lsan_do_recoverable_leak_check();
    sem_post(&done);
    pthread_join(t, NULL);
    printf("leaks=%d\n", leaks);
    return 0;
}

// TLS-NOT: leak of
// TLS: leaks=0
// TLS-NEXT: exit=0

// NOTLS: Direct leak of 45 byte(s) in 1 object(s) allocated from:
// NOTLS-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// NOTLS-NEXT: #1 0x{{[0-9a-f]+}} in holder {{.*}}static_tls_thread.c:17{{(:[0-9]+)?$}}
// NOTLS-NOT: leak of
// NOTLS: SUMMARY: LeakSanitizer: 45 byte(s) leaked in 1 allocation(s).
// NOTLS: leaks=1
// NOTLS-NEXT: exit=0
