// Tests that a pointer stored at an odd offset is a root only with use_unaligned=1: without it the block is reported.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: %env_lsan_opts=use_unaligned=1 %run %t 2>&1 | count 0
#include "leaksan_test.h"
#include "clear_stack.h"
#include <string.h>

char buf[32];

__attribute__((noinline)) static void store(void)
{
    void *p = malloc(57);
    memcpy(buf + 3, &p, sizeof(p));
    p = NULL;
}

int main(void)
{
    store();
    clear_stack();
    return 0;
}

// CHECK: Direct leak of 57 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in store {{.*}}unaligned_pointer.c:13{{(:[0-9]+)?$}}
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in main {{.*}}unaligned_pointer.c:20{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 57 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
