// Tests that under a seccomp filter that makes ptrace fail with EPERM the report is complete: auto picks the signal backend, and a forced ptrace backend fails with one clear message instead of a wrong report.
// RUN: %clang %s -o %t
// RUN: { env LD_PRELOAD=%preload_lib LSAN_OPTIONS=stop_the_world=auto:verbosity=1 %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=AUTO
// RUN: { env LD_PRELOAD=%preload_lib LSAN_OPTIONS=stop_the_world=ptrace %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=PTRACE
#include "leaksan_test.h"
#include <errno.h>
#include "idle_threads.h"
#include "seccomp.h"

static void *volatile sink;

int main(void)
{
    EXPECT(deny_ptrace(SECCOMP_RET_ERRNO | EPERM) == 0);
    start_idle_threads(1);
    sink = malloc(63);
    sink = NULL;
    __lsan_do_leak_check();
    return 0;
}

// AUTO: leaksan: stop_the_world: {{kernel backend \(auto\)|signal backend \(auto; (kernel not used: [^;]*; )?ptrace not used: .*seccomp.*\)}}
// AUTO: Direct leak of 63 byte(s) in 1 object(s) allocated from:
// AUTO: SUMMARY: LeakSanitizer: 63 byte(s) leaked in 1 allocation(s).
// AUTO: exit=23

// PTRACE: leaksan: stop_the_world: the ptrace backend failed: {{.*}}
// PTRACE-NOT: leak of
// PTRACE: leaksan: the leak check failed (errno {{[0-9]+}}, see above); no leak report was produced
// PTRACE-NOT: SUMMARY
// PTRACE: exit=1
