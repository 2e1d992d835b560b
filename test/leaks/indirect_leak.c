// Tests that a block reachable only from a leaked block is an indirect leak, listed after the direct one, with both counted in the summary.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include <stdlib.h>

struct node {
    struct node *next;
    char pad[24];
};

struct node *volatile sink;

int main(void)
{
    struct node *head = malloc(sizeof(struct node));
    head->next = malloc(48);
    sink = head;
    head = NULL;
    sink = NULL;
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 32 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}indirect_leak.c:15{{(:[0-9]+)?$}}
// CHECK: Indirect leak of 48 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}indirect_leak.c:16{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 80 byte(s) leaked in 2 allocation(s).
// CHECK-NEXT: exit=23
