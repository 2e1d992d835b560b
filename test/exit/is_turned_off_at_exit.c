// Tests that __lsan_is_turned_off() is asked when the exit-time check runs, not at start-up: turning it on at the end of main suppresses the report.
// RUN: %clang %s -rdynamic -o %t
// RUN: { %run %t off 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=OFF
// RUN: { %run %t on 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=ON
#include "leaksan_test.h"
#include <string.h>

void *volatile sink;
static int turned_off;

int __lsan_is_turned_off(void) { return turned_off; }

int main(int argc, char **argv)
{
    EXPECT(argc == 2);
    sink = malloc(207);
    sink = NULL;
    fprintf(stderr, "recoverable: %d\n", __lsan_do_recoverable_leak_check());
    turned_off = !strcmp(argv[1], "off");
    return 0;
}

// OFF: Direct leak of 207 byte(s) in 1 object(s) allocated from:
// OFF: recoverable: 1
// OFF-NEXT: exit=0

// ON: Direct leak of 207 byte(s) in 1 object(s) allocated from:
// ON: recoverable: 1
// ON: Direct leak of 207 byte(s) in 1 object(s) allocated from:
// ON: exit=23
