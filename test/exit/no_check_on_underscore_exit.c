// Tests that _exit() and _Exit() end the process without a leak check: no report and the status passed to them.
// RUN: %clang %s -o %t
// RUN: { %run %t _exit 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=UNDERSCORE
// RUN: { %run %t _Exit 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=CAPITAL
// RUN: { %run %t exit 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=EXIT
#include "leaksan_test.h"
#include <string.h>

void *volatile sink;

int main(int argc, char **argv)
{
    EXPECT(argc == 2);
    sink = malloc(203);
    sink = NULL;
    fprintf(stderr, "leaving by %s\n", argv[1]);
    if (!strcmp(argv[1], "_exit"))
        _exit(4);
    if (!strcmp(argv[1], "_Exit"))
        _Exit(5);
    exit(6);
}

// UNDERSCORE: leaving by _exit
// UNDERSCORE-NEXT: exit=4

// CAPITAL: leaving by _Exit
// CAPITAL-NEXT: exit=5

// EXIT: leaving by exit
// EXIT: Direct leak of 203 byte(s) in 1 object(s) allocated from:
// EXIT: exit=23
