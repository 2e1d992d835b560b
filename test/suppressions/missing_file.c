// Tests that a suppressions file that cannot be opened is reported once at start-up, before main runs, naming the path, with exit status 1.
// RUN: %clang %s -o %t
// RUN: rm -f %t.missing
// RUN: { %env_lsan_opts=suppressions=%t.missing %run %t 2>&1; echo "exit=$?"; } | FileCheck %s -DPATH=%t.missing
#include "leaksan_test.h"

int main(void)
{
    fprintf(stderr, "main ran\n");
    return 0;
}

// CHECK: {{^}}=={{[0-9]+}}==leaksan: cannot open suppressions file '[[PATH]]' (errno 2); fix the path in LSAN_OPTIONS=suppressions=...
// CHECK-NEXT: exit=1
