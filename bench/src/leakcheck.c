/* leakcheck: time ONE call of __lsan_do_recoverable_leak_check() on a prepared heap.
 *   leakcheck chunks N     N small chunks (32..64 bytes) in a tree hung off a global,
 *                          1% of them leaked (pairs: one direct, one indirect leak)
 *   leakcheck flat MIB     4 blocks of MIB MiB filled with 0x01 bytes: no word looks
 *                          like a pointer
 *   leakcheck pointy MIB   4 blocks of MIB MiB in which every word points into one
 *                          of 16 small live chunks
 *   leakcheck threads N    N threads blocked on a condition variable, tiny heap
 * The check is looked up with dlsym, so the same plain binary works under any
 * LD_PRELOAD'ed runtime as well as when built with -fsanitize=leak.
 * Prints check_ms=... leaks=RET expect_leaks=K (K: leaked allocations the report
 * should count), then _exit()s so no exit-time check runs. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct node {
    struct node *child;
    struct node *sibling;
    char payload[]; /* 16..48 bytes, so a chunk asks for 32..64 */
};

/* Roots have external linkage and leaks pass through a volatile, so the
 * compiler can neither drop the stores into the roots nor the leaked mallocs. */
struct node *bench_tree_root;          /* root of the chunks scenario */
uint64_t *bench_big[4];                /* the flat / pointy blocks */
void *bench_small_live[16];            /* what the pointy blocks point at */
void *bench_tiny_heap[100];            /* the threads scenario's heap */
void *volatile bench_leak_sink;

static pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle_cond = PTHREAD_COND_INITIALIZER;
static long idle_started;

static long expect_leaks = 1;

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t next_rand(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ULL;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fprintf(stderr, "leakcheck: malloc(%zu) failed\n", n);
        exit(1);
    }
    return p;
}

static struct node *new_node(void)
{
    size_t n = 32 + next_rand() % 33;
    struct node *x = xmalloc(n);
    memset(x, 0, n);
    return x;
}

/* Most nodes hang off one of the 4096 newest nodes (objects made together
 * point at each other), 1 in 16 off any node. Every 200th step makes a leaked
 * pair instead of a tree node: 1% leaked. */
static void build_chunks(long count)
{
    expect_leaks = 0;
    struct node **all = xmalloc(count * sizeof *all);
    long in_tree = 0;
    bench_tree_root = new_node();
    all[in_tree++] = bench_tree_root;
    for (long i = 1; i < count; i++) {
        if (i % 200 == 0 && i + 1 < count) {
            struct node *a = new_node();
            a->child = new_node(); /* indirect leak, reachable only from a */
            bench_leak_sink = a;
            expect_leaks += 2;
            i++;
            continue;
        }
        uint64_t r = next_rand();
        long window = (r & 15) == 0 || in_tree < 4096 ? in_tree : 4096;
        struct node *parent = all[in_tree - 1 - (long)((r >> 4) % window)];
        struct node *x = new_node();
        x->sibling = parent->child;
        parent->child = x;
        all[in_tree++] = x;
    }
    bench_leak_sink = NULL;
    free(all); /* the index array would make every node directly reachable */
}

static void build_big(long mib, int pointy)
{
    size_t bytes = (size_t)mib << 20;
    for (int i = 0; i < 16; i++)
        bench_small_live[i] = xmalloc(64);
    for (int b = 0; b < 4; b++) {
        bench_big[b] = xmalloc(bytes);
        if (!pointy) {
            memset(bench_big[b], 0x01, bytes);
            continue;
        }
        size_t words = bytes / sizeof(uint64_t);
        for (size_t w = 0; w < words; w++)
            bench_big[b][w] = (uintptr_t)bench_small_live[w & 15] + ((w >> 4) & 7) * 8;
    }
    bench_leak_sink = xmalloc(48); /* plus one leak, so there is something to report */
    bench_leak_sink = NULL;
}

static void *idle(void *arg)
{
    pthread_mutex_lock(&idle_lock);
    idle_started++;
    pthread_cond_broadcast(&idle_cond);
    for (;;)
        pthread_cond_wait(&idle_cond, &idle_lock);
    return arg;
}

static void build_threads(long count)
{
    for (long i = 0; i < count; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, idle, NULL)) {
            fprintf(stderr, "leakcheck: pthread_create #%ld failed\n", i);
            exit(1);
        }
    }
    pthread_mutex_lock(&idle_lock);
    while (idle_started < count)
        pthread_cond_wait(&idle_cond, &idle_lock);
    pthread_mutex_unlock(&idle_lock);
    for (int i = 0; i < 100; i++)
        bench_tiny_heap[i] = xmalloc(32);
    bench_leak_sink = xmalloc(48); /* one leak */
    bench_leak_sink = NULL;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s chunks N | flat MIB | pointy MIB | threads N\n", argv[0]);
        return 2;
    }
    long n = atol(argv[2]);
    int (*check)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "__lsan_do_recoverable_leak_check");
    if (!check) {
        fprintf(stderr, "leakcheck: __lsan_do_recoverable_leak_check not found: "
                        "run under a leak checker\n");
        return 1;
    }

    if (!strcmp(argv[1], "chunks"))
        build_chunks(n);
    else if (!strcmp(argv[1], "flat"))
        build_big(n, 0);
    else if (!strcmp(argv[1], "pointy"))
        build_big(n, 1);
    else if (!strcmp(argv[1], "threads"))
        build_threads(n);
    else {
        fprintf(stderr, "leakcheck: unknown scenario '%s'\n", argv[1]);
        return 2;
    }

    double t0 = now_ms();
    int leaks = check();
    double t1 = now_ms();
    printf("check_ms=%.3f leaks=%d expect_leaks=%ld\n", t1 - t0, leaks, expect_leaks);
    fflush(stdout);
    _exit(0);
}
