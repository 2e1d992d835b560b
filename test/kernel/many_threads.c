// 1000 threads are stopped and resumed 5 times: every one is reported
// stopped, once, with its own fs base (its pthread_t) and a stack pointer
// inside its own stack.
// REQUIRES: leaksan-kmod, mode-preload
// RUN: %clang %s -o %t && %run env LD_PRELOAD= %t | FileCheck %s
// CHECK: stop 0: 1000 stopped, 1000 with their own fs base and stack
// CHECK: stop 4: 1000 stopped, 1000 with their own fs base and stack
// CHECK: done
#include <pthread.h>
#include <sys/syscall.h>

#include "Inputs/kstw.h"

#define N 1000
#define STACK (64 << 10)
static struct {
    pthread_t self;
    int tid;
    char *stack;
} th[N];
static volatile int started, quit;

static void *idle(void *arg)
{
    int i = (int)(intptr_t)arg;
    th[i].tid = (int)syscall(SYS_gettid);
    __atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
    while (!quit)
        kstw_sleep_ms(50);
    return NULL;
}

int main(void)
{
    struct kstw k;
    pthread_attr_t a;
    kstw_open(&k, N + 8);
    for (int i = 0; i < N; i++) {
        th[i].stack = mmap(0, STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        KSTW_CHECK(th[i].stack != MAP_FAILED);
        pthread_attr_init(&a);
        pthread_attr_setstack(&a, th[i].stack, STACK);
        KSTW_CHECK(pthread_create(&th[i].self, &a, idle, (void *)(intptr_t)i) == 0);
        pthread_attr_destroy(&a);
    }
    while (started < N)
        kstw_sleep_ms(10);
    for (int s = 0; s < 5; s++) {
        uint32_t n = kstw_stop(&k), own = 0, stopped = 0;
        for (uint32_t j = 0; j < n; j++) {
            struct leaksan_stw_record *r = kstw_record(&k, j);
            stopped += r->status == LEAKSAN_STW_STOPPED;
            for (int i = 0; i < N; i++) {
                if (th[i].tid != r->tid)
                    continue;
                own += r->regs.fs_base == (uint64_t)th[i].self &&
                       r->regs.rsp >= (uint64_t)th[i].stack &&
                       r->regs.rsp < (uint64_t)th[i].stack + STACK;
                th[i].tid = -th[i].tid; /* seen: a second record would not match */
            }
        }
        kstw_resume(&k);
        for (int i = 0; i < N; i++)
            th[i].tid = th[i].tid < 0 ? -th[i].tid : th[i].tid;
        printf("stop %d: %u stopped, %u with their own fs base and stack\n", s, stopped, own);
    }
    quit = 1;
    for (int i = 0; i < N; i++)
        pthread_join(th[i].self, NULL);
    printf("done\n");
    return 0;
}
