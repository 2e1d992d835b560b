// Tests that a block whose only pointer is in an initialized global (.data) is not a leak, and is one with use_globals=0.
// RUN: %clang %s -o %t
// RUN: llvm-nm %t | FileCheck %s --check-prefix=SYM
// RUN: %run %t 2>&1 | count 0
// RUN: { %env_lsan_opts=use_globals=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

static char anchor;
void *data_ptr = &anchor; /* initialized, so in .data */

int main(void)
{
    data_ptr = malloc(41);
    return 0;
}

// SYM: {{[0-9a-f]+}} D data_ptr

// CHECK: Direct leak of 41 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}global_data.c:13{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 41 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
