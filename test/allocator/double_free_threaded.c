// Tests that 16 threads freeing one small or large block at once give exactly one double-free report, never a crash or a block freed twice; clang 14's and gcc 12's LSan do not check (the block is freed 16 times, or the runtime crashes on the unmapped large chunk).
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 64 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2097152 2>&1; echo "exit=$?"; } | FileCheck %s
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 16
static void *chunk;
static pthread_barrier_t barrier;

static void *racer(void *arg)
{
    pthread_barrier_wait(&barrier);
    free(chunk);
    return NULL;
}

int main(int argc, char **argv)
{
    chunk = malloc(strtoul(argv[1], NULL, 0));
    pthread_barrier_init(&barrier, NULL, THREADS);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, racer, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    fprintf(stderr, "survived\n");
    return 0;
}

// CHECK: ERROR: LeakSanitizer: attempting double-free on 0x{{[0-9a-f]+}} in thread T{{[0-9]+}}:
// CHECK-NEXT: The second free occurred here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in free
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in racer {{.*}}double_free_threaded.c:16{{(:[0-9]+)?$}}
// CHECK: The memory was allocated here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free_threaded.c:22{{(:[0-9]+)?$}}
// CHECK: SUMMARY: LeakSanitizer: double-free
// CHECK-NOT: LeakSanitizer
// CHECK-NOT: survived
// CHECK: exit=23
