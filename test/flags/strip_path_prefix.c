// Tests that strip_path_prefix removes everything up to the end of the prefix from source paths in frames, and leaves paths without it alone.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=strip_path_prefix=%S/ %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=strip_path_prefix=/flags/ %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    sink = malloc(94);
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 94 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc /{{.*}}malloc.c:{{[0-9]+:[0-9]+$}}
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main strip_path_prefix.c:11:{{[0-9]+}}{{$}}
// CHECK: exit=23
