// Tests that a block whose only pointer is a pthread_setspecific value of a key below 32 (stored inside glibc's thread descriptor) is not a leak.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=use_stacks=0:use_tls=0:use_registers=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOROOTS
//
// The control turns off stacks, TLS and registers (the holder may still hold
// the pointer in one); glibc's descriptor lies at the top of its stack mapping.
#include "leaksan_test.h"
#include "holder_thread.h"

static pthread_key_t key;

static void *holder(void *arg)
{
    pthread_setspecific(key, malloc(49));
    hold_until_checked();
    free(pthread_getspecific(key));
    return arg;
}

int main(void)
{
    EXPECT(pthread_key_create(&key, NULL) == 0);
    EXPECT(key < 32); /* glibc's specific_1stblock inside struct pthread */
    int leaks = check_while_held(holder);
    printf("leaks=%d\n", leaks);
    return 0;
}

// CHECK-NOT: leak of
// CHECK: leaks=0
// CHECK-NEXT: exit=0

// NOROOTS: Direct leak of 49 byte(s) in 1 object(s) allocated from:
// NOROOTS-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// NOROOTS-NEXT: #1 0x{{[0-9a-f]+}} in holder {{.*}}pthread_specific_first_block.c:15{{(:[0-9]+)?$}}
// NOROOTS-NOT: leak of
// NOROOTS: leaks=1
// NOROOTS-NEXT: exit=0
