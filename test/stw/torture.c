// Tests that hundreds of recoverable checks while threads churn allocations and come and go find zero leaks and never hang.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <string.h>

#define CHECKS 200
#define CHURNERS 3
#define SLOTS 64

static volatile int stop;

/* Each churner keeps SLOTS live blocks in a heap table held on its stack,
 * and replaces them at random: every block is always reachable. */
static void *churn(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    void **table = calloc(SLOTS, sizeof(void *));
    while (!stop) {
        unsigned k = rand_r(&seed) % SLOTS;
        size_t n = 16 + rand_r(&seed) % 2000;
        if (rand_r(&seed) % 4 == 0) {
            void *p = realloc(table[k], n);
            if (p)
                table[k] = p;
        } else {
            free(table[k]);
            table[k] = malloc(n);
            memset(table[k], 1, n);
        }
    }
    for (int i = 0; i < SLOTS; i++)
        free(table[i]);
    free(table);
    return NULL;
}

/* Short-lived threads that allocate, hand a block back through their return
 * value, and exit while the checks run. */
static void *brief(void *arg)
{
    void *p = malloc(48);
    memset(p, 2, 48);
    return p;
}

static void *brief_detached(void *arg)
{
    void *volatile p = malloc(80);
    memset(p, 3, 80);
    free(p);
    return NULL;
}

static void *spawner(void *arg)
{
    while (!stop) {
        pthread_t t;
        if (pthread_create(&t, NULL, brief, NULL) == 0) {
            void *r;
            pthread_join(t, &r);
            free(r);
        }
        pthread_t d;
        if (pthread_create(&d, NULL, brief_detached, NULL) == 0)
            pthread_detach(d);
    }
    return NULL;
}

int main(void)
{
    pthread_t c[CHURNERS], s;
    for (int i = 0; i < CHURNERS; i++)
        pthread_create(&c[i], NULL, churn, (void *)(uintptr_t)(i + 1));
    pthread_create(&s, NULL, spawner, NULL);
    int leaks = 0;
    for (int i = 0; i < CHECKS; i++)
        leaks += __lsan_do_recoverable_leak_check();
    stop = 1;
    for (int i = 0; i < CHURNERS; i++)
        pthread_join(c[i], NULL);
    pthread_join(s, NULL);
    printf("checks=%d leaks=%d\n", CHECKS, leaks);
    return 0;
}

// CHECK-NOT: leak of
// CHECK: checks=200 leaks=0
