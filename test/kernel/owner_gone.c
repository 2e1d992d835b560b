// The world ends its stop when its owner goes: the stopping thread exits
// alone (raw SYS_exit), closes the device, execs, or the process is killed
// with SIGKILL while every other thread is stopped. The other threads run
// again at once (long before the 60 s hold), checked from a parent.
// REQUIRES: leaksan-kmod, mode-preload
// RUN: %clang %s -o %t && %run env LD_PRELOAD= %t | FileCheck %s
// CHECK: exit: the others ran again
// CHECK: close: the others ran again
// CHECK: exec: exit status 0
// CHECK: kill: killed by signal 9
// CHECK: done
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "Inputs/kstw.h"

static volatile unsigned long *counter; /* shared with the parent */
static volatile int *stopped;           /* the child says the world is stopped */
static const char *mode;

static void *worker(void *arg)
{
    for (;;)
        __atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
    return NULL;
}

static void *owner(void *arg)
{
    struct kstw k;
    struct leaksan_stw_stop a;
    kstw_open(&k, 16);
    KSTW_CHECK(kstw_stop_args(&k, &a, 5000 * KSTW_MS, 60000 * KSTW_MS) == 0);
    *stopped = 1;
    if (!strcmp(mode, "exit"))
        syscall(SYS_exit, 0); /* this thread only, the world still stopped */
    if (!strcmp(mode, "close")) {
        close(k.fd);
        for (;;)
            pause();
    }
    if (!strcmp(mode, "exec"))
        execl("/bin/true", "true", (char *)NULL);
    for (;;) /* kill: wait for the parent's SIGKILL */
        pause();
}

/* The child: main and a worker are stopped by the owner thread. */
static void child(void)
{
    pthread_t w, o;
    pthread_create(&w, NULL, worker, NULL);
    pthread_create(&o, NULL, owner, NULL);
    for (;;)
        kstw_sleep_ms(1000);
}

static void run(const char *m)
{
    mode = m;
    *stopped = 0;
    pid_t pid = fork();
    KSTW_CHECK(pid >= 0);
    if (pid == 0)
        child();
    uint64_t t0 = kstw_now_ns();
    while (!*stopped && kstw_now_ns() - t0 < 10000 * KSTW_MS)
        kstw_sleep_ms(1);
    KSTW_CHECK(*stopped);
    if (!strcmp(m, "kill"))
        kill(pid, SIGKILL);
    if (!strcmp(m, "exit") || !strcmp(m, "close")) {
        /* the worker runs again well before the hold of 60 s */
        unsigned long c0 = *counter;
        while (*counter == c0 && kstw_now_ns() - t0 < 10000 * KSTW_MS)
            kstw_sleep_ms(5);
        printf("%s: %s\n", m, *counter != c0 ? "the others ran again" : "still stopped");
        kill(pid, SIGKILL);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (!strcmp(m, "exec"))
        printf("exec: exit status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    if (!strcmp(m, "kill"))
        printf("kill: killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    KSTW_CHECK(kstw_now_ns() - t0 < 10000 * KSTW_MS);
    fflush(stdout);
}

int main(void)
{
    void *shm = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    KSTW_CHECK(shm != MAP_FAILED);
    counter = shm;
    stopped = (volatile int *)((char *)shm + 64);
    run("exit");
    run("close");
    run("exec");
    run("kill");
    printf("done\n");
    return 0;
}
