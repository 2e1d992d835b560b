// Tests that a thread started with clone(2) that gets the tid of a finished, unjoined pthread is not scanned through that thread's stale record (their fs bases differ): its stack is scanned from its sp, and a block held only there is no leak (needs root: a PID namespace whose ns_last_pid the test sets).
// REQUIRES: root
// RUN: %clang %s -o %t
// RUN: { unshare -p -f --mount-proc %env_lsan_opts=log_threads=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include "finished_tid.h"
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

static volatile int ready, stop, done, clone_tid;

static int child(void *arg)
{
    void *volatile held = arg; /* the only pointer: on this thread's stack */
    clone_tid = (int)syscall(SYS_gettid);
    ready = 1;
    while (!stop)
        ;
    held = NULL;
    done = 1;
    return 0;
}

int main(void)
{
    finish_unjoined();
    size_t size = 1 << 20;
    char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    EXPECT(stack != MAP_FAILED);
    int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
    void *block = malloc(333);
    memset(block, 5, 333);
    EXPECT(clone(child, stack + size, flags, block) > 0);
    block = NULL;
    while (!ready)
        usleep(100);
    EXPECT(clone_tid == finished_tid);
    int leaks = __lsan_do_recoverable_leak_check();
    fprintf(stderr, "leaks=%d\n", leaks);
    stop = 1;
    while (!done)
        usleep(100);
    _exit(0);
}

// CHECK-NOT: thread T1 (tid
// CHECK: leaksan: thread {{[0-9]+}} (not created through pthread_create): sp 0x{{[0-9a-f]+}} in [
// CHECK-NOT: thread T1 (tid
// CHECK-NOT: leak of
// CHECK: leaks=0
// CHECK: exit=0
