// Tests that the full leak report comes out when the program runs under strace -f (ptrace is taken: the signal backend is chosen automatically).
// REQUIRES: strace
// RUN: %clang %s -o %t
// RUN: { strace -f -o /dev/null env LD_PRELOAD=%preload_lib LSAN_OPTIONS=stop_the_world=auto:verbosity=1 %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include "idle_threads.h"

static void *volatile sink;

int main(void)
{
    start_idle_threads(3);
    sink = malloc(41);
    sink = NULL;
    __lsan_do_leak_check();
    return 0;
}

// CHECK: leaksan: stop_the_world: {{kernel backend \(auto\)|signal backend \(auto; (kernel not used: [^;]*; )?ptrace not used: a tracer is attached \(TracerPid [0-9]+\)\)}}
// CHECK: Direct leak of 41 byte(s) in 1 object(s) allocated from:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{.*}}under_strace.c:{{[0-9]+}}
// CHECK: SUMMARY: LeakSanitizer: 41 byte(s) leaked in 1 allocation(s).
// CHECK: exit=23
