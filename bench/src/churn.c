/* churn: allocator speed under a steady random workload.
 * Each thread owns LIVE slots; an op frees a random slot and mallocs a new
 * block of 16..4096 bytes (1 op in 16 reallocs the slot instead), then writes
 * it: the whole block ("init") or its first byte ("touch").
 * Prints ns_per_op = wall time of the op loops / total ops (all threads). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct worker {
    pthread_t tid;
    long ops;
    long live;
    int init;
    uint64_t seed;
    unsigned long sink;
};

static pthread_barrier_t start_line;

static uint64_t next_rand(uint64_t *s)
{
    /* xorshift64* */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

static size_t rand_size(uint64_t *s)
{
    return 16 + next_rand(s) % (4096 - 16 + 1);
}

/* Through a volatile pointer so every build calls libc's memset: gcc would
 * inline `rep stos` and clang would not, and the contenders differ in compiler. */
static void *(*volatile libc_memset)(void *, int, size_t) = memset;

static void fill(char *p, size_t n, int init)
{
    if (init)
        libc_memset(p, 0x5a, n);
    else
        p[0] = 0x5a;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    char **slot = malloc(w->live * sizeof *slot);
    if (!slot)
        abort();
    for (long i = 0; i < w->live; i++) {
        size_t n = rand_size(&w->seed);
        slot[i] = malloc(n);
        fill(slot[i], n, w->init);
    }
    pthread_barrier_wait(&start_line);

    for (long i = 0; i < w->ops; i++) {
        uint64_t r = next_rand(&w->seed);
        long k = (long)((r >> 8) % (uint64_t)w->live);
        size_t n = rand_size(&w->seed);
        char *p;
        if ((r & 15) == 0) {
            p = realloc(slot[k], n);
        } else {
            free(slot[k]);
            p = malloc(n);
        }
        if (!p)
            abort();
        fill(p, n, w->init);
        w->sink += (unsigned char)p[n - 1];
        slot[k] = p;
    }

    pthread_barrier_wait(&start_line);
    for (long i = 0; i < w->live; i++)
        free(slot[i]);
    free(slot);
    return NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc != 5 || (strcmp(argv[4], "init") && strcmp(argv[4], "touch"))) {
        fprintf(stderr, "usage: %s THREADS OPS_PER_THREAD LIVE_PER_THREAD init|touch\n", argv[0]);
        return 2;
    }
    int threads = atoi(argv[1]);
    long ops = atol(argv[2]);
    long live = atol(argv[3]);
    int init = !strcmp(argv[4], "init");
    if (threads < 1 || ops < 1 || live < 1) {
        fprintf(stderr, "churn: THREADS, OPS and LIVE must be positive\n");
        return 2;
    }

    struct worker *w = calloc(threads, sizeof *w);
    pthread_barrier_init(&start_line, NULL, threads + 1);
    for (int t = 0; t < threads; t++) {
        w[t] = (struct worker){.ops = ops, .live = live, .init = init,
                               .seed = 0x9e3779b97f4a7c15ULL * (t + 1)};
        if (pthread_create(&w[t].tid, NULL, work, &w[t])) {
            fprintf(stderr, "churn: pthread_create failed\n");
            return 1;
        }
    }
    pthread_barrier_wait(&start_line); /* every thread has its live set */
    double t0 = now_s();
    pthread_barrier_wait(&start_line); /* every thread finished its ops */
    double t1 = now_s();
    for (int t = 0; t < threads; t++)
        pthread_join(w[t].tid, NULL);

    printf("ns_per_op=%.2f\n", (t1 - t0) * 1e9 / ((double)ops * threads));
    fflush(stdout);
    free(w);
    return 0;
}
