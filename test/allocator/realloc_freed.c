// Tests that realloc of a freed block, small or large, is reported in LSan's words, as a double-free whose second free is the realloc, with the first free's and the allocation stack, exiting with 23; clang 14's and gcc 12's LSan copy from the freed block (and crash on the unmapped large one).
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0:detect_double_free=1 %run %t 48 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2097152 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=detect_leaks=0:detect_double_free=0 %run %t 48 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=OFF
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    size_t n = strtoul(argv[1], NULL, 0);
    char *p = malloc(n);
    free(p);
    p = realloc(p, 2 * n);
    fprintf(stderr, "survived %p\n", (void *)p);
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: attempting double-free on 0x{{[0-9a-f]+}} in thread T0:
// CHECK-NEXT: The second free occurred here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in realloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}realloc_freed.c:14{{(:[0-9]+)?$}}
// CHECK: The first free occurred here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in free
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}realloc_freed.c:13{{(:[0-9]+)?$}}
// CHECK: The memory was allocated here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}realloc_freed.c:12{{(:[0-9]+)?$}}
// CHECK: SUMMARY: LeakSanitizer: double-free
// CHECK-NOT: survived
// CHECK: exit=23

// With detect_double_free=0 (the default) the realloc is reported all the
// same; a small block's first free was not recorded.
// OFF: ERROR: LeakSanitizer: attempting double-free on
// OFF-NEXT: The second free occurred here:
// OFF: The first free was not recorded: run with detect_double_free=1 to record the stack of every free.
// OFF: SUMMARY: LeakSanitizer: double-free
// OFF-NOT: survived
// OFF: exit=23
