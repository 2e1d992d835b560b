// Tests that integer flags outside their range are refused before main with one error and exit 1: exitcode must fit an exit status (LSan takes exitcode=256 and exits 0 after a report, hiding the leak: leaksan is right to refuse), tries is at most 100 (tries=2147483647 would never end), max_allocation_size_mb is not negative; in-range values work (exitcode=255 exits 255).
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=exitcode=256 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=EXIT256
// RUN: { %env_lsan_opts=exitcode=-1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=EXITNEG
// RUN: { %env_lsan_opts=tries=101 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=TRIES
// RUN: { %env_lsan_opts=tries=2147483647 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=TRIESMAX
// RUN: { %env_lsan_opts=max_allocation_size_mb=-5 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=MAXALLOC
// RUN: { %env_lsan_opts=exitcode=255 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=OK255
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    fprintf(stderr, "main ran\n");
    sink = malloc(161);
    sink = NULL;
    return 0;
}

// EXIT256: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: exitcode=256 is out of range (0 to 255){{$}}
// EXIT256-NOT: main ran
// EXIT256: exit=1
// EXITNEG: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: exitcode=-1 is out of range (0 to 255){{$}}
// EXITNEG-NOT: main ran
// EXITNEG: exit=1
// TRIES: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: tries=101 is out of range (0 to 100){{$}}
// TRIES-NOT: main ran
// TRIES: exit=1
// TRIESMAX: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: tries=2147483647 is out of range (0 to 100){{$}}
// TRIESMAX-NOT: main ran
// TRIESMAX: exit=1
// MAXALLOC: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: max_allocation_size_mb=-5 is out of range (0 to 2147483647){{$}}
// MAXALLOC-NOT: main ran
// MAXALLOC: exit=1
// OK255: main ran
// OK255: Direct leak of 161 byte(s) in 1 object(s) allocated from:
// OK255: exit=255
