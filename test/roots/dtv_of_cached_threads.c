// Tests that with use_ld_allocations=0 the DTVs the loader allocates for threads (allocate_dtv in pthread_create; glibc keeps them with the stacks it caches after a join) are not reported, while a real leak is, with exact bytes; LLVM's disabler_in_tsd_destructor and high_allocator_contention shapes. As LSan, which ignores every allocation made inside pthread_create.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=use_ld_allocations=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=use_registers=0:use_stacks=0:use_tls=1:use_ld_allocations=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=use_tls=0:use_ld_allocations=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>

static pthread_key_t key;
static uintptr_t hidden;

static void key_destructor(void *arg)
{
    __lsan_disable();
    void *p = malloc(1337);
    fprintf(stderr, "allocated %p\n", p);
    pthread_setspecific(key, NULL);
    __lsan_enable();
}

static void *with_key(void *arg)
{
    EXPECT(pthread_setspecific(key, (void *)1) == 0);
    return NULL;
}

__attribute__((noinline)) static void *leak(void) { return malloc(321); }

static void *churn(void *arg)
{
    for (int i = 0; i < 10000; i++) {
        void *volatile p = malloc(10);
        free(p);
    }
    if (arg)
        hidden = ~(uintptr_t)leak();
    return NULL;
}

int main(void)
{
    EXPECT(pthread_key_create(&key, key_destructor) == 0);
    pthread_t t[5];
    EXPECT(pthread_create(&t[0], NULL, with_key, NULL) == 0);
    EXPECT(pthread_join(t[0], NULL) == 0);
    for (int i = 0; i < 5; i++)
        EXPECT(pthread_create(&t[i], NULL, churn, i == 3 ? &key : NULL) == 0);
    for (int i = 0; i < 5; i++)
        EXPECT(pthread_join(t[i], NULL) == 0);
    return 0;
}

// CHECK: allocated 0x
// CHECK: Direct leak of 321 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in leak {{.*}}dtv_of_cached_threads.c:27{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 321 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
