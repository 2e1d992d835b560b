// Tests that leak checks called with 4 KiB of stack left (on a thread with the smallest stack POSIX allows, PTHREAD_STACK_MIN) work and report the leak held nowhere: the check's deep work runs on a stack of leaksan's own (LSan needs about 4 KiB of the caller's; leaksan needed 17-20 KiB and died by SIGSEGV).
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <limits.h>
#include <pthread.h>
#include <string.h>

static void *volatile sink;

static uintptr_t stack_lo;

__attribute__((noinline)) static void leak_one(void)
{
    sink = malloc(17);
    sink = NULL;
}

static void check(void)
{
    char *kept = malloc(21);
    memset(kept, 1, 21);
    int leaks = __lsan_do_recoverable_leak_check();
    char line[] = "recoverable: ?\n"; /* stdio needs more stack than is left */
    line[13] = (char)('0' + leaks);
    write(2, line, sizeof(line) - 1);
    free(kept);
    __lsan_do_leak_check();
}

/* uses the stack until 4 KiB are left, then checks */
static void descend(int depth)
{
    volatile char pad[256]; /* zeroed: overwrites leak_one's dead frames */
    for (unsigned i = 0; i < sizeof(pad); i++)
        pad[i] = 0;
    if ((uintptr_t)__builtin_frame_address(0) - stack_lo > 4096 + 512)
        descend(depth + 1);
    else
        check();
    pad[1] = (char)depth;
}

static void *checker(void *arg)
{
    pthread_attr_t a;
    void *addr;
    size_t size;
    EXPECT(pthread_getattr_np(pthread_self(), &a) == 0);
    EXPECT(pthread_attr_getstack(&a, &addr, &size) == 0);
    pthread_attr_destroy(&a);
    stack_lo = (uintptr_t)addr;
    leak_one();
    descend(0);
    return NULL;
}

int main(void)
{
    pthread_attr_t a;
    pthread_attr_init(&a);
    EXPECT(pthread_attr_setstacksize(&a, PTHREAD_STACK_MIN) == 0);
    pthread_t t;
    EXPECT(pthread_create(&t, &a, checker, NULL) == 0);
    pthread_join(t, NULL);
    return 0;
}

// CHECK: Direct leak of 17 byte(s) in 1 object(s) allocated from:
// CHECK: in leak_one {{.*}}check_on_small_stack.c:[[@LINE-55]]
// CHECK: SUMMARY: LeakSanitizer: 17 byte(s) leaked in 1 allocation(s).
// CHECK: recoverable: 1
// CHECK: Direct leak of 17 byte(s) in 1 object(s) allocated from:
// CHECK: SUMMARY: LeakSanitizer: 17 byte(s) leaked in 1 allocation(s).
// CHECK: exit=23
