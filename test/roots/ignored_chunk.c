// Tests that a chunk passed to __lsan_ignore_object and the chunks it points to are not reported, while an unrelated lost block still is.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

struct node {
    struct node *child;
    char pad[48];
};

void *volatile sink;

int main(void)
{
    struct node *parent = malloc(sizeof(struct node));
    parent->child = malloc(sizeof(struct node));
    parent->child->child = NULL;
    __lsan_ignore_object(parent);
    parent = NULL;
    sink = malloc(56);
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 56 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}ignored_chunk.c:20{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 56 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
