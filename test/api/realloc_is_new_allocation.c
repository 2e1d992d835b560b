// Tests that realloc resized in place is a new allocation for leak checking, as in LSan: grown inside __lsan_disable() it is ignored, and after __lsan_ignore_object() of the old block it is not.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    void *p = malloc(100);
    __lsan_disable();
    p = realloc(p, 110); // the same size class: resized in place
    __lsan_enable();
    sink = p;
    void *q = malloc(200);
    __lsan_ignore_object(q);
    q = realloc(q, 190); // in place again
    sink = q;
    p = q = NULL;
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 190 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in realloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}realloc_is_new_allocation.c:17{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 190 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
