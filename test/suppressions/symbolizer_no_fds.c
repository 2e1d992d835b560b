// Tests that when the symbolizer cannot start because the process has (almost) no free file descriptors, leaksan warns once saying why and what to do, and function suppressions still match exported functions by their dynamic-symbol names (leaksan used to print unsymbolized frames silently and suppress nothing; LLVM's LSan prints "Can't create a socket pair" five times and also falls back to in-process symbol names).
// RUN: %clang %s -rdynamic -o %t
// RUN: echo 'leak:exported_leaker' > %t.supp
// RUN: { %env_lsan_opts=suppressions=%t.supp %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

#include <fcntl.h>
#include <sys/resource.h>

void *volatile sink;

__attribute__((noinline)) void exported_leaker(void) { sink = malloc(171); }
__attribute__((noinline)) static void static_leaker(void) { sink = malloc(172); }

int main(void)
{
    struct rlimit rl = {64, 64};
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 97;
    int last = -1, fd;
    while ((fd = open("/dev/null", O_RDONLY)) >= 0)
        last = fd;
    if (last != 63)
        return 96;
    /* two free fds: enough to stop the world, too few for two pipes */
    close(63);
    close(62);
    exported_leaker();
    static_leaker();
    sink = NULL;
    return 0;
}

// CHECK: {{^}}=={{[0-9]+}}==leaksan: WARNING: cannot run the symbolizer '{{.*}}llvm-symbolizer{{.*}}': pipe2 failed: no free file descriptor (RLIMIT_NOFILE is 64) (EMFILE); frames show only exported function names (from the dynamic symbol table) and module+offset, and suppressions match only those names (no static functions, source files or lines). To fix: raise the limit (ulimit -n) or close file descriptors before the leak check.{{$}}
// CHECK-NOT: WARNING
// CHECK: Direct leak of 172 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc ({{.*}}+0x{{[0-9a-f]+}}){{$}}
// CHECK-NEXT: #1 0x{{[0-9a-f]+}}  ({{.*}}symbolizer_no_fds.c.tmp+0x{{[0-9a-f]+}}){{$}}
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in main ({{.*}}symbolizer_no_fds.c.tmp+0x{{[0-9a-f]+}}){{$}}
// CHECK-NOT: leak of
// CHECK-NOT: WARNING
// CHECK: Suppressions used:
// CHECK-NEXT: count      bytes template
// CHECK-NEXT: 1        171 exported_leaker
// CHECK: SUMMARY: LeakSanitizer: 172 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
