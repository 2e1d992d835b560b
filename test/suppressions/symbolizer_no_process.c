// Tests that when the symbolizer cannot start because RLIMIT_NPROC allows no new process (root ignores the limit, so a root run first becomes nobody), leaksan warns once saying why and what to do, and function suppressions still match exported functions by their dynamic-symbol names. The signal backend is forced: the ptrace backend needs a tracer process, which the same limit forbids.
// RUN: %clang %s -rdynamic -o %t
// RUN: echo 'leak:exported_leaker' > %t.supp
// RUN: { %env_lsan_opts=suppressions=%t.supp:stop_the_world=signal %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

#include <sys/resource.h>

void *volatile sink;

__attribute__((noinline)) void exported_leaker(void) { sink = malloc(181); }
__attribute__((noinline)) static void static_leaker(void) { sink = malloc(182); }

int main(void)
{
    struct rlimit rl = {0, 0};
    if (setrlimit(RLIMIT_NPROC, &rl) != 0)
        return 97;
    if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
        return 96;
    exported_leaker();
    static_leaker();
    sink = NULL;
    return 0;
}

// CHECK: {{^}}=={{[0-9]+}}==leaksan: WARNING: cannot run the symbolizer '{{.*}}llvm-symbolizer{{.*}}': clone failed: no new process allowed (RLIMIT_NPROC is 0 for this user, or the system is out of processes) (EAGAIN); frames show only exported function names (from the dynamic symbol table) and module+offset, and suppressions match only those names (no static functions, source files or lines). To fix: raise the limit (ulimit -u) or run fewer processes.{{$}}
// CHECK-NOT: WARNING
// CHECK: Direct leak of 182 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc ({{.*}}+0x{{[0-9a-f]+}}){{$}}
// CHECK-NEXT: #1 0x{{[0-9a-f]+}}  ({{.*}}symbolizer_no_process.c.tmp+0x{{[0-9a-f]+}}){{$}}
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in main ({{.*}}symbolizer_no_process.c.tmp+0x{{[0-9a-f]+}}){{$}}
// CHECK-NOT: leak of
// CHECK-NOT: WARNING
// CHECK: Suppressions used:
// CHECK-NEXT: count      bytes template
// CHECK-NEXT: 1        181 exported_leaker
// CHECK: SUMMARY: LeakSanitizer: 182 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
