// Tests that the return value of a thread detached right after pthread_create (before it ran) is a leak, and that a later thread given the same pthread_t is joined through its own record, so the value it returned is a leak once dropped; as LSan.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static void *detached(void *arg)
{
    usleep(2000);
    return malloc(1234);
}

static void *joined(void *arg) { return malloc(4321); }

int main(void)
{
    for (int i = 0; i < 4; i++) {
        pthread_t t;
        pthread_create(&t, NULL, detached, NULL);
        pthread_detach(t);
    }
    usleep(300000); // all four are gone; glibc caches their stacks and pthread_ts
    pthread_t c;
    pthread_create(&c, NULL, joined, NULL);
    void *value;
    pthread_join(c, &value);
    value = NULL;
    return 0;
}

// CHECK: Direct leak of 4936 byte(s) in 4 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in detached {{.*}}detached_thread_return_value.c:11{{(:[0-9]+)?$}}
// CHECK: Direct leak of 4321 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in joined {{.*}}detached_thread_return_value.c:14{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 9257 byte(s) leaked in 5 allocation(s).
// CHECK-NEXT: exit=23
