// Tests that with stop_the_world_signal=SIGUSR1 and the program leaving SIGUSR1 at its default action, a SIGUSR1 the program raises after a check still ends the process, killed by SIGUSR1.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=stop_the_world_signal=10 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <signal.h>

int main(void)
{
    EXPECT(__lsan_do_recoverable_leak_check() == 0);
    fprintf(stderr, "before raise\n");
    raise(SIGUSR1);
    fprintf(stderr, "after raise\n");
    return 0;
}

// CHECK: before raise
// CHECK-NOT: after raise
// CHECK: exit=138
