// Tests that a 7-byte block whose only pointer is lost is a direct leak from malloc in main, and the exit status is 23.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <stdlib.h>

void *volatile sink;

int main(void)
{
    sink = malloc(7);
    sink = NULL;
    return 0;
}

// CHECK: =================================================================
// CHECK-NEXT: =={{[0-9]+}}==ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 7 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: {{^    }}#0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: {{^    }}#1 0x{{[0-9a-f]+}} in main {{.*}}direct_leak.c:10{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 7 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
