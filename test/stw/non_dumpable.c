// Tests that a non-dumpable process gets the full report through the signal backend and stays non-dumpable.
// RUN: %clang %s -o %t
// RUN: { env LD_PRELOAD=%preload_lib LSAN_OPTIONS=stop_the_world=auto:verbosity=1 %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include "idle_threads.h"
#include <sys/prctl.h>

static void *volatile sink;

int main(void)
{
    EXPECT(prctl(PR_SET_DUMPABLE, 0) == 0);
    start_idle_threads(1);
    sink = malloc(52);
    sink = NULL;
    EXPECT(__lsan_do_recoverable_leak_check() == 1);
    EXPECT(prctl(PR_GET_DUMPABLE) == 0);
    printf("still non-dumpable\n");
    fflush(stdout);
    stop_idle_threads();
    return 0;
}

// CHECK: leaksan: stop_the_world: {{kernel backend \(auto\)|signal backend \(auto; (kernel not used: [^;]*; )?ptrace not used: .*dumpable.*\)}}
// CHECK: Direct leak of 52 byte(s) in 1 object(s) allocated from:
// CHECK: still non-dumpable
// CHECK: SUMMARY: LeakSanitizer: 52 byte(s) leaked in 1 allocation(s).
// CHECK: exit=23
