// Tests that a lost list of 3 nodes is 1 direct leak (the head) and 2 indirect leaks, all allocated on one line, with exact byte counts.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

struct node {
    struct node *next;
    long payload[2];
};

struct node *volatile list;

__attribute__((noinline)) static void build(void)
{
    for (int i = 0; i < 3; i++) {
        struct node *n = malloc(sizeof(*n));
        n->next = list;
        list = n;
    }
}

int main(void)
{
    build();
    list = NULL;
    return 0;
}

// CHECK: Direct leak of 24 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in build {{.*}}indirect_list.c:16{{(:[0-9]+)?$}}
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in main {{.*}}indirect_list.c:24{{(:[0-9]+)?$}}
// CHECK: Indirect leak of 48 byte(s) in 2 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in build {{.*}}indirect_list.c:16{{(:[0-9]+)?$}}
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in main {{.*}}indirect_list.c:24{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 72 byte(s) leaked in 3 allocation(s).
// CHECK-NEXT: exit=23
