// Tests that report_format=json (no such writer yet) is refused at start-up, before main runs, with one error listing the formats and exit status 1, as stop_the_world=bogus is.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=report_format=json %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

int main(void)
{
    fprintf(stderr, "main ran\n");
    return 0;
}

// CHECK-NOT: main ran
// CHECK: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: report_format=json is not a report format: use text{{$}}
// CHECK-NEXT: exit=1
