// Tests that a block whose only pointer is in a __thread variable of the main thread is not a leak at exit, and is one with use_tls=0.
// RUN: %clang %s -o %t
// RUN: %run %t 2>&1 | count 0
// RUN: { %env_lsan_opts=use_tls=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

static __thread void *tls_ptr;

int main(void)
{
    tls_ptr = malloc(46);
    return 0;
}

// CHECK: Direct leak of 46 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}static_tls_main.c:11{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 46 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
