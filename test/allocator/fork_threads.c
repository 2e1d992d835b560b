// Tests fork while other threads are busy allocating: the child can allocate and free and exits 0, and the parent keeps working.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <pthread.h>
#include <string.h>
#include <sys/wait.h>

#define BUSY 8

static volatile int stop;

static void *busy(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    while (!stop) {
        size_t n = 1 + rand_r(&seed) % 20000;
        void *p = malloc(n);
        memset(p, 1, n);
        void *q = realloc(p, n / 2 + 1);
        free(q);
    }
    return NULL;
}

static int child(void)
{
    void *p[1000];
    for (int i = 0; i < 1000; i++) {
        p[i] = malloc(1 + i * 37 % 5000);
        if (!p[i])
            return 2;
        memset(p[i], 7, 1 + i * 37 % 5000);
    }
    for (int i = 0; i < 1000; i++)
        free(p[i]);
    void *big = calloc(1, 4 << 20);
    free(big);
    // a thread in the child works too
    pthread_t t;
    stop = 0;
    if (pthread_create(&t, NULL, busy, (void *)1))
        return 3;
    stop = 1;
    pthread_join(t, NULL);
    return 0;
}

int main(void)
{
    pthread_t t[BUSY];
    for (int i = 0; i < BUSY; i++)
        EXPECT(pthread_create(&t[i], NULL, busy, (void *)(uintptr_t)(i + 1)) == 0);
    for (int round = 0; round < 50; round++) {
        pid_t pid = fork();
        EXPECT(pid >= 0);
        if (pid == 0)
            _exit(child());
        int status;
        EXPECT(waitpid(pid, &status, 0) == pid);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            fprintf(stderr, "round %d: child status 0x%x\n", round, status);
        EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    stop = 1;
    for (int i = 0; i < BUSY; i++)
        pthread_join(t[i], NULL);
    return 0;
}
