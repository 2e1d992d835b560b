// Tests that a pointer into a block (its middle, its last byte) keeps it alive, while a pointer just past its end does not.
// RUN: %clang %s -o %t
// RUN: %run %t middle 2>&1 | count 0
// RUN: %run %t last 2>&1 | count 0
// RUN: { %run %t end 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include "clear_stack.h"
#include <string.h>

char *where;

__attribute__((noinline)) static void store(const char *how)
{
    /* 100 bytes: the size class is larger, so "end" still lies in the slot */
    char *p = malloc(100);
    EXPECT(__sanitizer_get_allocated_size(p) == 100);
    if (!strcmp(how, "middle"))
        where = p + 50;
    else if (!strcmp(how, "last"))
        where = p + 99;
    else
        where = p + 100;
    p = NULL;
}

int main(int argc, char **argv)
{
    EXPECT(argc == 2);
    store(argv[1]);
    clear_stack();
    return 0;
}

// CHECK: Direct leak of 100 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in store {{.*}}interior_pointer.c:15{{(:[0-9]+)?$}}
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in main {{.*}}interior_pointer.c:29{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 100 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
