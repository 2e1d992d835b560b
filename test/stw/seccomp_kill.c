// Tests that a seccomp filter killing the caller of ptrace never hangs the check: auto uses the signal backend, and a forced ptrace backend reports its killed tracer and fails with status 1.
// RUN: %clang %s -o %t
// RUN: { env LD_PRELOAD=%preload_lib LSAN_OPTIONS=stop_the_world=auto %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=AUTO
// RUN: { env LD_PRELOAD=%preload_lib LSAN_OPTIONS=stop_the_world=ptrace %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=PTRACE
#include "leaksan_test.h"
#include "idle_threads.h"
#include "seccomp.h"

static void *volatile sink;

int main(void)
{
    EXPECT(deny_ptrace(SECCOMP_RET_KILL_PROCESS) == 0);
    start_idle_threads(1);
    sink = malloc(64);
    sink = NULL;
    __lsan_do_leak_check();
    return 0;
}

// AUTO: Direct leak of 64 byte(s) in 1 object(s) allocated from:
// AUTO: SUMMARY: LeakSanitizer: 64 byte(s) leaked in 1 allocation(s).
// AUTO: exit=23

// PTRACE: leaksan: stop_the_world: the ptrace backend failed: {{.*}}
// PTRACE-NOT: leak of
// PTRACE: exit=1
