// Tests that freeing a block twice is reported as a double-free with the stack of the second free and the allocation stack, exiting with LSan's exitcode, 23.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char *p = malloc(32);
    free(p);
    free(p);
    fprintf(stderr, "survived\n");
    return 0;
}

// CHECK: =================================================================
// CHECK-NEXT: =={{[0-9]+}}==ERROR: LeakSanitizer: attempting double-free on 0x[[ADDR:[0-9a-f]+]] in thread T0:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in free
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free.c:11{{(:[0-9]+)?$}}
// CHECK: 0x[[ADDR]] is located 0 bytes inside of 32-byte region
// CHECK: previously allocated
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free.c:9{{(:[0-9]+)?$}}
// CHECK: SUMMARY: LeakSanitizer: double-free
// CHECK-NOT: survived
// CHECK: exit=23
