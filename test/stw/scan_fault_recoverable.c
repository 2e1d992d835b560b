// Tests that after a recoverable check whose scan faulted (a root region mapped past the end of its file) the program goes on with its own SIGBUS action in place: sigaction() reports it and a SIGBUS runs it; the check returns -1 (failed); and once the region is gone a check works.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include "idle_threads.h"
#include "past_eof.h"
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

static volatile int handled;
static void *volatile sink;

static void on_segv(int sig) { handled = 1; }

int main(void)
{
    struct sigaction sa, now;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_segv;
    EXPECT(sigaction(SIGBUS, &sa, NULL) == 0);
    start_idle_threads(2);
    char *region = past_eof_region();
    fprintf(stderr, "faulting check: %d\n", __lsan_do_recoverable_leak_check());
    EXPECT(sigaction(SIGBUS, NULL, &now) == 0);
    fprintf(stderr, "SIGBUS action is the program's: %s\n", now.sa_handler == on_segv ? "yes" : "no");
    raise(SIGBUS);
    fprintf(stderr, "program's handler ran: %s\n", handled ? "yes" : "no");
    past_eof_unregister(region);
    sink = malloc(31);
    sink = NULL;
    fprintf(stderr, "next check: %d\n", __lsan_do_recoverable_leak_check());
    stop_idle_threads();
    return 0;
}

// CHECK: LeakSanitizer has encountered a fatal error.
// CHECK: faulting check: -1
// CHECK-NEXT: SIGBUS action is the program's: yes
// CHECK-NEXT: program's handler ran: yes
// CHECK: Direct leak of 31 byte(s) in 1 object(s) allocated from:
// CHECK: next check: 1
// CHECK: exit=23
