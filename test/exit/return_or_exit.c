// Tests that the check runs at exit both when main returns and when the program calls exit(), with the same report and exit status 23.
// RUN: %clang %s -o %t
// RUN: { %run %t return 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %run %t exit 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <string.h>

void *volatile sink;

__attribute__((noinline)) static void leak(void)
{
    sink = malloc(206);
    sink = NULL;
}

int main(int argc, char **argv)
{
    EXPECT(argc == 2);
    leak();
    if (!strcmp(argv[1], "exit"))
        exit(0);
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 206 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in leak {{.*}}return_or_exit.c:12{{(:[0-9]+)?$}}
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in main {{.*}}return_or_exit.c:19{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 206 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
