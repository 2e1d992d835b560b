// Tests that report_objects=1 lists every leaked object under its block ("Objects leaked above:", address and size), with the addresses the program saw.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=report_objects=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=DEFAULT
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    for (int i = 0; i < 2; i++) {
        sink = malloc(83);
        fprintf(stderr, "a%d=%p\n", i, sink);
    }
    sink = malloc(84);
    fprintf(stderr, "b=%p\n", sink);
    sink = NULL;
    return 0;
}

// CHECK: a0=[[A0:0x[0-9a-f]+]]
// CHECK-NEXT: a1=[[A1:0x[0-9a-f]+]]
// CHECK-NEXT: b=[[B:0x[0-9a-f]+]]
// CHECK: Direct leak of 166 byte(s) in 2 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}report_objects.c:12{{(:[0-9]+)?$}}
// CHECK-NEXT: #2
// CHECK-EMPTY:
// CHECK-NEXT: Objects leaked above:
// CHECK-DAG: {{^}}[[A0]] (83 bytes){{$}}
// CHECK-DAG: {{^}}[[A1]] (83 bytes){{$}}
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 84 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}report_objects.c:15{{(:[0-9]+)?$}}
// CHECK-NEXT: #2
// CHECK-EMPTY:
// CHECK-NEXT: Objects leaked above:
// CHECK-NEXT: {{^}}[[B]] (84 bytes){{$}}
// CHECK-EMPTY:
// CHECK-NEXT: SUMMARY: LeakSanitizer: 250 byte(s) leaked in 3 allocation(s).
// CHECK-NEXT: exit=23

// DEFAULT-NOT: Objects leaked above
// DEFAULT: exit=23
