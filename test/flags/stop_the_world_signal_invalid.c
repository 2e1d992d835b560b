// Tests that a stop_the_world_signal the backend cannot own is refused at start-up, before main runs, with one error saying why and exit status 1.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=stop_the_world_signal=9 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=KILL
// RUN: { %env_lsan_opts=stop_the_world_signal=17 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=CHLD
// RUN: { %env_lsan_opts=stop_the_world_signal=65 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=RANGE
// RUN: { %env_lsan_opts=stop_the_world_signal=33 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=GLIBC
#include "leaksan_test.h"

int main(void)
{
    fprintf(stderr, "main ran\n");
    return 0;
}

// KILL: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: stop_the_world_signal=9 cannot be used: it cannot be caught; use 0 (SIGURG, the default) or a real-time signal (34 to 64){{$}}
// KILL-NEXT: exit=1
// CHLD: stop_the_world_signal=17 cannot be used: handling it changes how children are reaped;
// CHLD-NEXT: exit=1
// RANGE: stop_the_world_signal=65 cannot be used: there is no such signal;
// RANGE-NEXT: exit=1
// GLIBC: stop_the_world_signal=33 cannot be used: glibc keeps it for itself;
// GLIBC-NEXT: exit=1
