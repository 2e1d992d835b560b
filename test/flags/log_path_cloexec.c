// Tests that the log_path file leaksan opened for a report is not inherited by programs the process runs afterwards: a shell started after a leak check lists its own fds and the log file is not among them (LSan opens it with O_CLOEXEC too). The exit-time check reports the leak again, hence 23.
// RUN: %clang %s -o %t
// RUN: rm -f %t.log.*
// RUN: %env_lsan_opts=log_path=%t.log %run %t > %t.out 2>&1; echo "exit=$?" >> %t.out
// RUN: FileCheck %s < %t.out
// RUN: cat %t.log.* | FileCheck %s --check-prefix=LOG
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    sink = malloc(191);
    sink = NULL;
    if (__lsan_do_recoverable_leak_check() != 1)
        return 95;
    fflush(stdout);
    /* each fd of the child shell, as "fd -> target" */
    return system("for f in /proc/self/fd/*; do echo \"fd ${f##*/} -> $(readlink $f)\"; done; "
                  "echo listed") != 0;
}

// CHECK-NOT: .log.
// CHECK: listed
// CHECK-NOT: .log.
// CHECK: exit=23
// LOG: Direct leak of 191 byte(s) in 1 object(s) allocated from:
