// Tests that freeing a pointer 8 bytes inside a 32-byte block is reported as a bad free that names the region and its allocation stack, exiting with LSan's exitcode, 23.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char *p = malloc(32);
    fprintf(stderr, "block %p\n", (void *)p);
    free(p + 8);
    fprintf(stderr, "survived\n");
    return 0;
}

// CHECK: block 0x[[BEG:[0-9a-f]+]]
// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: attempting free on address which was not malloc()-ed: 0x{{[0-9a-f]+}} in thread T0
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in free
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}free_interior.c:11{{(:[0-9]+)?$}}
// CHECK: 0x{{[0-9a-f]+}} is located 8 bytes inside of 32-byte region [0x[[BEG]],
// CHECK: allocated here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}free_interior.c:9{{(:[0-9]+)?$}}
// CHECK: SUMMARY: LeakSanitizer: bad-free
// CHECK-NOT: survived
// CHECK: exit=23
