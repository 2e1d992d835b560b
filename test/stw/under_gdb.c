// Tests that a multi-threaded program run by gdb with its default signal settings gets the full report and gdb never stops the program.
// REQUIRES: gdb
// RUN: %clang %s -o %t
// RUN: gdb -nx -batch -ex 'set environment LD_PRELOAD=%preload_lib' -ex 'set environment LSAN_OPTIONS=verbosity=1' -ex run --args %t 2>&1 | FileCheck %s
#include "leaksan_test.h"
#include "idle_threads.h"

static void *volatile sink;

int main(void)
{
    start_idle_threads(4);
    sink = malloc(77);
    sink = NULL;
    EXPECT(__lsan_do_recoverable_leak_check() == 1);
    EXPECT(__lsan_do_recoverable_leak_check() == 1);
    stop_idle_threads();
    return 0;
}

// CHECK-NOT: received signal
// CHECK: leaksan: stop_the_world: {{kernel backend \(auto\)|signal backend \(auto; (kernel not used: [^;]*; )?ptrace not used: a tracer is attached \(TracerPid [0-9]+\)\)}}
// CHECK: Direct leak of 77 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: received signal
// CHECK: SUMMARY: LeakSanitizer: 77 byte(s) leaked in 1 allocation(s).
// CHECK-NOT: received signal
// CHECK: [Inferior 1 (process {{[0-9]+}}) exited with code 027]
