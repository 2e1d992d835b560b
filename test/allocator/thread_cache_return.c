// Tests that chunks allocated in one thread and freed in another, over many short-lived threads, bring the allocated-bytes statistic back to its baseline.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <pthread.h>

#define N 2000

static void *blocks[N]; // all NULL until the first producer

static void *producer(void *arg)
{
    for (int i = 0; i < N; i++)
        blocks[i] = malloc(1 + (i * 131 + (int)(uintptr_t)arg) % 3000);
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    for (int i = 0; i < N; i++)
        free(blocks[i]);
    return NULL;
}

int main(void)
{
    // warm up: the first thread creation leaves libc's per-thread data cached
    pthread_t w;
    EXPECT(pthread_create(&w, NULL, consumer, NULL) == 0);
    EXPECT(pthread_join(w, NULL) == 0);
    size_t base = __sanitizer_get_current_allocated_bytes();
    for (int round = 0; round < 100; round++) {
        pthread_t a, b;
        EXPECT(pthread_create(&a, NULL, producer, (void *)(uintptr_t)round) == 0);
        EXPECT(pthread_join(a, NULL) == 0);
        EXPECT(__sanitizer_get_current_allocated_bytes() > base);
        EXPECT(pthread_create(&b, NULL, consumer, NULL) == 0);
        EXPECT(pthread_join(b, NULL) == 0);
        EXPECT(__sanitizer_get_current_allocated_bytes() == base);
    }
    return 0;
}
