// Tests that a block whose only pointer is in a __thread variable of another (blocked) thread is not a leak, and is one with use_tls=0.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=TLS
// RUN: { %env_lsan_opts=use_tls=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOTLS
//
// With use_tls=0 the thread's static TLS block must not be scanned as part of
// its stack, although glibc places it at the top of the stack mapping.
#include "leaksan_test.h"
#include "holder_thread.h"

static __thread void *tls_ptr;

static void *holder(void *arg)
{
    tls_ptr = malloc(45);
    hold_until_checked();
    free(tls_ptr);
    return arg;
}

int main(void)
{
    int leaks = check_while_held(holder);
    printf("leaks=%d\n", leaks);
    return 0;
}

// TLS-NOT: leak of
// TLS: leaks=0
// TLS-NEXT: exit=0

// NOTLS: Direct leak of 45 byte(s) in 1 object(s) allocated from:
// NOTLS-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// NOTLS-NEXT: #1 0x{{[0-9a-f]+}} in holder {{.*}}static_tls_thread.c:15{{(:[0-9]+)?$}}
// NOTLS-NOT: leak of
// NOTLS: SUMMARY: LeakSanitizer: 45 byte(s) leaked in 1 allocation(s).
// NOTLS: leaks=1
// NOTLS-NEXT: exit=0
