// Tests 1000 threads (100 at a time) each doing thousands of malloc/calloc/realloc/free of random sizes: every block keeps its own data intact.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <pthread.h>
#include <string.h>

#define THREADS 1000
#define WAVE 100
#define OPS 3000
#define SLOTS 64

static size_t pick_size(unsigned *seed)
{
    unsigned r = (unsigned)rand_r(seed);
    switch (r % 16) {
    case 0:
        return 4096 + r % 200000; // medium and large
    case 1:
    case 2:
        return 256 + r % 4096;
    default:
        return 1 + r % 256;
    }
}

static void fill(unsigned char *p, size_t n, unsigned char tag)
{
    memset(p, tag, n);
}

static int intact(const unsigned char *p, size_t n, unsigned char tag)
{
    for (size_t i = 0; i < n; i += (n > 4096 ? 61 : 1))
        if (p[i] != tag)
            return 0;
    return p[n - 1] == tag;
}

static void *worker(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg * 2654435761u + 1;
    unsigned char *blocks[SLOTS] = {0};
    size_t sizes[SLOTS] = {0};
    unsigned char tags[SLOTS] = {0};
    for (int op = 0; op < OPS; op++) {
        int s = rand_r(&seed) % SLOTS;
        if (blocks[s]) {
            if (!intact(blocks[s], sizes[s], tags[s]))
                return (void *)1;
            if (rand_r(&seed) % 4 == 0) {
                size_t n = pick_size(&seed);
                unsigned char *q = realloc(blocks[s], n);
                if (!q || !intact(q, n < sizes[s] ? n : sizes[s], tags[s]))
                    return (void *)2;
                fill(q, n, tags[s]);
                blocks[s] = q;
                sizes[s] = n;
                continue;
            }
            free(blocks[s]);
            blocks[s] = NULL;
            continue;
        }
        size_t n = pick_size(&seed);
        unsigned char *p = (rand_r(&seed) & 1) ? malloc(n) : calloc(1, n);
        if (!p || !is_aligned(p, 16))
            return (void *)3;
        tags[s] = (unsigned char)(rand_r(&seed) | 1);
        fill(p, n, tags[s]);
        blocks[s] = p;
        sizes[s] = n;
    }
    for (int s = 0; s < SLOTS; s++) {
        if (blocks[s] && !intact(blocks[s], sizes[s], tags[s]))
            return (void *)4;
        free(blocks[s]);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[WAVE];
    for (int wave = 0; wave < THREADS / WAVE; wave++) {
        for (int i = 0; i < WAVE; i++)
            EXPECT(pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)(wave * WAVE + i)) == 0);
        for (int i = 0; i < WAVE; i++) {
            void *r;
            EXPECT(pthread_join(t[i], &r) == 0);
            if (r)
                fprintf(stderr, "thread %d: failure %ld\n", wave * WAVE + i, (long)(uintptr_t)r);
            EXPECT(r == NULL);
        }
    }
    return 0;
}
