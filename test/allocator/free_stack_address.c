// Tests that freeing a stack address is reported as a bad free (not malloc()-ed) with the stack of the free, exiting with LSan's exitcode, 23.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char local[16];
    fprintf(stderr, "local %p\n", (void *)local);
    free(local);
    fprintf(stderr, "survived\n");
    return 0;
}

// CHECK: local 0x[[ADDR:[0-9a-f]+]]
// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: attempting free on address which was not malloc()-ed: 0x[[ADDR]] in thread T0
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in free
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}free_stack_address.c:11{{(:[0-9]+)?$}}
// CHECK: SUMMARY: LeakSanitizer: bad-free
// CHECK-NOT: survived
// CHECK: exit=23
