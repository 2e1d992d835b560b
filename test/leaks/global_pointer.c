// Tests that a block pointed to by a global variable is not a leak, while the same block is one once the global is cleared.
// RUN: %clang %s -o %t
// RUN: %run %t keep 2>&1 | count 0
// RUN: { %run %t drop 2>&1; echo "exit=$?"; } | FileCheck %s
#include <stdlib.h>
#include <string.h>

void *global;

int main(int argc, char **argv)
{
    global = malloc(40);
    if (argc > 1 && !strcmp(argv[1], "drop"))
        global = NULL;
    return 0;
}

// CHECK: Direct leak of 40 byte(s) in 1 object(s) allocated from:
// CHECK: SUMMARY: LeakSanitizer: 40 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
