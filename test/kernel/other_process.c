// A stop stops only the caller's own thread group: a child process that
// stops its world gets records of its own two threads only, and the
// parent's thread keeps running all the while. (The calls take no pid or
// tid: there is no way to name another process.)
// REQUIRES: leaksan-kmod, mode-preload
// RUN: %clang %s -o %t && %run env LD_PRELOAD= %t | FileCheck %s
// CHECK: child: 2 records, 2 of its own threads
// CHECK: parent: its thread ran during the child's stop
// CHECK: done
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "Inputs/kstw.h"

static volatile unsigned long *shared; /* [0] parent's counter, [8] child stop on, [16] off */
static int own_tids[2];

static void *spin(void *arg)
{
    for (;;)
        __atomic_add_fetch(&shared[0], 1, __ATOMIC_RELAXED);
    return NULL;
}

static void *child_thread(void *arg)
{
    own_tids[(intptr_t)arg] = (int)syscall(SYS_gettid);
    for (;;)
        kstw_sleep_ms(100);
    return NULL;
}

int main(void)
{
    struct kstw k;
    pthread_t t;
    shared = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    KSTW_CHECK(shared != MAP_FAILED);
    KSTW_CHECK(pthread_create(&t, NULL, spin, NULL) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        pthread_t c[2];
        for (intptr_t i = 0; i < 2; i++)
            pthread_create(&c[i], NULL, child_thread, (void *)i);
        while (!own_tids[0] || !own_tids[1])
            kstw_sleep_ms(1);
        kstw_open(&k, 16);
        uint32_t n = kstw_stop(&k), own = 0;
        shared[8] = 1;
        for (uint32_t j = 0; j < n; j++)
            own += kstw_record(&k, j)->tid == own_tids[0] || kstw_record(&k, j)->tid == own_tids[1];
        unsigned long c0 = shared[0];
        kstw_sleep_ms(200);
        unsigned long c1 = shared[0];
        kstw_resume(&k);
        printf("child: %u records, %u of its own threads\n", n, own);
        printf("parent: its thread %s during the child's stop\n", c1 > c0 ? "ran" : "was stopped");
        fflush(stdout);
        _exit(0);
    }
    int st;
    KSTW_CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    printf("done\n");
    return 0;
}
