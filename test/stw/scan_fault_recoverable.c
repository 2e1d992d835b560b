// Tests that after a recoverable check whose scan faulted (a PROT_NONE page inside a global) the program goes on with its own SIGSEGV action in place: sigaction() reports it and a SIGSEGV runs it; and once the page is readable again a check works.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include "idle_threads.h"
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

static char data[64 * 1024];
static volatile int handled;
static void *volatile sink;

static void on_segv(int sig) { handled = 1; }

int main(void)
{
    struct sigaction sa, now;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_segv;
    EXPECT(sigaction(SIGSEGV, &sa, NULL) == 0);
    start_idle_threads(2);
    long mask = sysconf(_SC_PAGESIZE) - 1;
    void *page = (void *)(((unsigned long)data + mask) & ~mask);
    mprotect(page, 4096, PROT_NONE);
    fprintf(stderr, "faulting check: %d\n", __lsan_do_recoverable_leak_check());
    EXPECT(sigaction(SIGSEGV, NULL, &now) == 0);
    fprintf(stderr, "SIGSEGV action is the program's: %s\n", now.sa_handler == on_segv ? "yes" : "no");
    raise(SIGSEGV);
    fprintf(stderr, "program's handler ran: %s\n", handled ? "yes" : "no");
    mprotect(page, 4096, PROT_READ | PROT_WRITE);
    sink = malloc(31);
    sink = NULL;
    fprintf(stderr, "next check: %d\n", __lsan_do_recoverable_leak_check());
    stop_idle_threads();
    return 0;
}

// CHECK: LeakSanitizer has encountered a fatal error.
// CHECK: faulting check: 0
// CHECK-NEXT: SIGSEGV action is the program's: yes
// CHECK-NEXT: program's handler ran: yes
// CHECK: Direct leak of 31 byte(s) in 1 object(s) allocated from:
// CHECK: next check: 1
// CHECK: exit=23
