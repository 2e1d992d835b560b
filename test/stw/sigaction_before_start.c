// Tests that stop_the_world_signal is honoured when a library constructor calls sigaction before leaksan has started: the backend's handler ends up on the signal asked for, not on SIGURG.
// RUN: %clang -shared -fPIC -DBUILD_LIB %s -o %t.so
// RUN: %clang %s %t.so -Wl,-rpath,%T -o %t
// RUN: { %env_lsan_opts=stop_the_world=signal:stop_the_world_signal=40 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#ifdef BUILD_LIB
#include <signal.h>
__attribute__((constructor)) static void early(void)
{
    struct sigaction old;
    sigaction(SIGUSR2, 0, &old);
}
#else
#include "leaksan_test.h"
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>

static void *idle(void *arg)
{
    pause();
    return arg;
}

/* the action the kernel has, past any interceptor */
static void *kernel_handler(int sig)
{
    struct {
        void *handler;
        unsigned long flags;
        void *restorer;
        unsigned long mask;
    } k = {0};
    syscall(SYS_rt_sigaction, sig, NULL, &k, 8);
    return k.handler;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, idle, NULL);
    usleep(100000);
    EXPECT(__lsan_do_recoverable_leak_check() == 0);
    fprintf(stderr, "SIGURG handled: %d, signal 40 handled: %d\n", kernel_handler(SIGURG) != NULL,
            kernel_handler(40) != NULL);
    return 0;
}
#endif

// CHECK: SIGURG handled: 0, signal 40 handled: 1
// CHECK: exit=0
