// Tests that freeing the address of a global variable is reported as a bad free (not malloc()-ed), exiting with LSan's exitcode, 23.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <stdio.h>
#include <stdlib.h>

char global[64];

int main(void)
{
    fprintf(stderr, "global %p\n", (void *)global);
    free(global);
    fprintf(stderr, "survived\n");
    return 0;
}

// CHECK: global 0x[[ADDR:[0-9a-f]+]]
// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: attempting free on address which was not malloc()-ed: 0x[[ADDR]] in thread T0
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in free
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}free_global.c:12{{(:[0-9]+)?$}}
// CHECK: SUMMARY: LeakSanitizer: bad-free
// CHECK-NOT: survived
// CHECK: exit=23
