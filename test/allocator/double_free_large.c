// Tests that freeing a 64 MiB block (a large chunk, unmapped at the first free) twice is a double-free, not a free of memory never allocated, with both free stacks and the allocation stack; clang 14's and gcc 12's LSan crash with SEGV inside their allocator instead.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char *p = malloc(64 << 20);
    p[0] = 1;
    free(p);
    free(p);
    fprintf(stderr, "survived\n");
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: attempting double-free on 0x[[ADDR:[0-9a-f]+]] in thread T0:
// CHECK-NEXT: The second free occurred here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in free
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free_large.c:12{{(:[0-9]+)?$}}
// CHECK: The first free occurred here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in free
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free_large.c:11{{(:[0-9]+)?$}}
// CHECK: The memory was allocated here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free_large.c:9{{(:[0-9]+)?$}}
// CHECK: 0x[[ADDR]] is located 0 bytes inside of 67108864-byte region [0x[[ADDR]],
// CHECK-EMPTY:
// CHECK-NEXT: SUMMARY: LeakSanitizer: double-free
// CHECK-NOT: survived
// CHECK: exit=23
