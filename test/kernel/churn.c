// Threads are created and exit while 200 stops come and go: no stop
// hangs, and while a stop is on no thread of the process runs (a counter
// every thread bumps stays still), including the ones created meanwhile.
// REQUIRES: leaksan-kmod, mode-preload
// RUN: %clang %s -o %t && %run env LD_PRELOAD= %t | FileCheck %s
// CHECK: stops=200 still=200 bad_status=0
// CHECK: threads created during the run: {{[1-9][0-9]*}}
// CHECK: done
#include <pthread.h>

#include "Inputs/kstw.h"

static volatile unsigned long counter, created;
static volatile int quit;

static void *short_lived(void *arg)
{
    for (int i = 0; i < 1000; i++)
        __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
    return NULL;
}

static void *spawner(void *arg)
{
    while (!quit) {
        pthread_t t;
        __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
        if (pthread_create(&t, NULL, short_lived, NULL) == 0) {
            __atomic_add_fetch(&created, 1, __ATOMIC_RELAXED);
            if (created % 2)
                pthread_detach(t);
            else
                pthread_join(t, NULL);
        }
    }
    return NULL;
}

int main(void)
{
    struct kstw k;
    pthread_t sp[4];
    int still = 0, bad = 0;
    kstw_open(&k, 4096);
    for (int i = 0; i < 4; i++)
        KSTW_CHECK(pthread_create(&sp[i], NULL, spawner, NULL) == 0);
    kstw_sleep_ms(50);
    for (int s = 0; s < 200; s++) {
        uint32_t n = kstw_stop(&k);
        unsigned long c0 = counter;
        kstw_sleep_ms(2);
        still += counter == c0;
        for (uint32_t j = 0; j < n; j++)
            bad += kstw_record(&k, j)->status > LEAKSAN_STW_EXITING;
        kstw_resume(&k);
        kstw_sleep_ms(1);
    }
    quit = 1;
    for (int i = 0; i < 4; i++)
        pthread_join(sp[i], NULL);
    printf("stops=200 still=%d bad_status=%d\n", still, bad);
    printf("threads created during the run: %lu\n", created);
    printf("done\n");
    return 0;
}
