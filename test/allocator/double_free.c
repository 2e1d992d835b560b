// Tests that freeing a block twice is reported as LSan's double-free, by default with the second free's and the allocation stack (and a line saying how to get the first free's), with detect_double_free=1 with the first free's too, then the region, exiting with LSan's exitcode 23; leaksan is right where clang 14's and gcc 12's LSan, which lack the check, return and let the program go on with a corrupt free list.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0:detect_double_free=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=DEFAULT
// RUN: { %env_lsan_opts=detect_leaks=0:detect_double_free=1:double_free_max_entries=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=detect_leaks=0:exitcode=42 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=CODE
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
// CHECK-NEXT: The second free occurred here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in free
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free.c:14{{(:[0-9]+)?$}}
// CHECK: The first free occurred here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in free
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free.c:13{{(:[0-9]+)?$}}
// CHECK: The memory was allocated here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free.c:12{{(:[0-9]+)?$}}
// CHECK: 0x[[ADDR]] is located 0 bytes inside of 32-byte region [0x[[ADDR]],
// CHECK-EMPTY:
// CHECK-NEXT: SUMMARY: LeakSanitizer: double-free {{.*}}malloc.c:{{[0-9]+}}:{{[0-9]+}} in free{{$}}
// CHECK-NOT: survived
// CHECK: exit=23

// DEFAULT: ERROR: LeakSanitizer: attempting double-free on 0x[[ADDR:[0-9a-f]+]] in thread T0:
// DEFAULT-NEXT: The second free occurred here:
// DEFAULT-NEXT: #0 0x{{[0-9a-f]+}} in free
// DEFAULT-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free.c:14{{(:[0-9]+)?$}}
// DEFAULT: The first free was not recorded: run with detect_double_free=1 to record the stack of every free.
// DEFAULT-EMPTY:
// DEFAULT-NEXT: The memory was allocated here:
// DEFAULT-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// DEFAULT-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free.c:12{{(:[0-9]+)?$}}
// DEFAULT: 0x[[ADDR]] is located 0 bytes inside of 32-byte region
// DEFAULT: SUMMARY: LeakSanitizer: double-free
// DEFAULT-NOT: survived
// DEFAULT: exit=23

// CODE: SUMMARY: LeakSanitizer: double-free
// CODE: exit=42
