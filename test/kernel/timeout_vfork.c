// A thread that cannot stop (a vfork parent waits killably for its child)
// makes the stop fail at its deadline with ETIMEDOUT, naming that thread;
// every other thread runs again, and once the child is gone a stop works.
// Also: too small a buffer fails with E2BIG and the count needed, and the
// threads run again.
// REQUIRES: leaksan-kmod, mode-preload
// RUN: %clang %s -o %t && %run env LD_PRELOAD= %t | FileCheck %s
// CHECK: e2big: Argument list too long, needed 3
// CHECK: e2big: the others ran again
// CHECK: vfork: Connection timed out, failed thread is the vfork parent: yes
// CHECK: vfork: the others ran again
// CHECK: after the child: 3 stopped
// CHECK: done
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "Inputs/kstw.h"

static volatile unsigned long counter;
static volatile int vfork_tid, in_vfork, vfork_done;

static void *spin(void *arg)
{
    for (;;)
        __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);
    return NULL;
}

static void *vforker(void *arg)
{
    vfork_tid = (int)syscall(SYS_gettid);
    while (!in_vfork)
        kstw_sleep_ms(1);
    pid_t pid = vfork();
    if (pid == 0) {
        struct timespec ts = {1, 500000000};
        syscall(SYS_nanosleep, &ts, NULL);
        syscall(SYS_exit, 0);
    }
    waitpid(pid, NULL, 0);
    vfork_done = 1;
    for (;;)
        kstw_sleep_ms(100);
    return NULL;
}

static int ran_again(void)
{
    unsigned long c0 = counter;
    for (int i = 0; i < 1000 && counter == c0; i++)
        kstw_sleep_ms(1);
    return counter != c0;
}

int main(void)
{
    struct kstw k;
    struct leaksan_stw_stop a;
    pthread_t t[3];
    kstw_open(&k, 2);
    pthread_create(&t[0], NULL, spin, NULL);
    pthread_create(&t[1], NULL, spin, NULL);
    pthread_create(&t[2], NULL, vforker, NULL);
    while (!vfork_tid)
        kstw_sleep_ms(1);
    int r = kstw_stop_args(&k, &a, 2000 * KSTW_MS, 60000 * KSTW_MS);
    printf("e2big: %s, needed %u\n", strerror(-r), a.count);
    printf("e2big: the others %s\n", ran_again() ? "ran again" : "are stopped");
    munmap(k.buf, (size_t)k.capacity * k.info.record_size);
    kstw_open(&k, 16);
    in_vfork = 1;
    kstw_sleep_ms(200);
    r = kstw_stop_args(&k, &a, 300 * KSTW_MS, 60000 * KSTW_MS);
    printf("vfork: %s, failed thread is the vfork parent: %s\n", strerror(-r),
           a.failed_tid == vfork_tid ? "yes" : "no");
    printf("vfork: the others %s\n", ran_again() ? "ran again" : "are stopped");
    while (!vfork_done)
        kstw_sleep_ms(10);
    printf("after the child: %u stopped\n", kstw_stop(&k));
    kstw_resume(&k);
    printf("done\n");
    fflush(stdout);
    _exit(0);
}
