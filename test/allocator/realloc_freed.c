// Tests that realloc of a freed block is reported as realloc of freed memory with the realloc stack, exiting with LSan's exitcode, 23.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char *p = malloc(48);
    free(p);
    p = realloc(p, 96);
    fprintf(stderr, "survived %p\n", (void *)p);
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: attempting realloc of freed memory
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in realloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}realloc_freed.c:11{{(:[0-9]+)?$}}
// CHECK: SUMMARY: LeakSanitizer: realloc-of-freed-memory
// CHECK-NOT: survived
// CHECK: exit=23
