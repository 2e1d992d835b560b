// Tests that a fault while the world is stopped (a registered root region mapped past the end of its file: LLVM's Linux/leak_check_segv.cpp uses PROT_NONE pages, which leaksan now skips) is caught under every backend: leaksan says what faulted, prints LSan's "fatal error" line and its debugging HINT, resumes the threads and exits with status 1 (LSan exits 23 here; leaksan's failed checks exit 1), and the program's own SIGSEGV handler never runs. LSan also prints its "does not work under ptrace" HINT, which is not true of leaksan and is left out.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include "idle_threads.h"
#include "past_eof.h"
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

static void on_segv(int sig)
{
    static const char msg[] = "program's SIGSEGV handler ran\n";
    write(2, msg, sizeof(msg) - 1);
    _exit(77);
}

int main(void)
{
    signal(SIGSEGV, on_segv);
    signal(SIGBUS, on_segv);
    start_idle_threads(2);
    past_eof_region();
    __lsan_do_leak_check();
    fprintf(stderr, "DONE\n");
    return 0;
}

// CHECK-NOT: SIGSEGV handler ran
// CHECK: leaksan: stop_the_world: the {{ptrace|signal|kernel}} backend failed: {{.*}} signal 7 (SIGBUS) {{.*}}: the program may have made memory that leaksan scans unreadable in a way /proc/self/maps does not show
// CHECK-NEXT: =={{[0-9]+}}==LeakSanitizer has encountered a fatal error.
// CHECK-NEXT: =={{[0-9]+}}==HINT: For debugging, try setting environment variable LSAN_OPTIONS=verbosity=1:log_threads=1
// CHECK-NOT: DONE
// CHECK-NOT: SIGSEGV handler ran
// CHECK: exit=1
