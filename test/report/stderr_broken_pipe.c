// Tests that a leak report written to a stderr whose reader is gone neither kills the program by SIGPIPE nor loses its buffered output: all 1001 lines reach stdout and the exit status is 23 (LSan dies by SIGPIPE there, status 141 in a shell, with the program's last lines lost).
// RUN: %clang %s -o %t
// RUN: rm -f %t.out %t.status
// RUN: { %run %t > %t.out; echo "exit=$?" > %t.status; } 2>&1 | true
// RUN: FileCheck %s --check-prefix=STATUS < %t.status
// RUN: wc -l < %t.out | FileCheck %s --check-prefix=LINES
// RUN: FileCheck %s --check-prefix=OUT < %t.out
#include "leaksan_test.h"
#include <poll.h>
#include <signal.h>
#include <time.h>

static void *volatile sink;

int main(void)
{
    for (int i = 0; i < 1001; i++)
        printf("line %d\n", i);
    /* wait until the reader of stderr is gone (POLLERR on the write end) */
    for (int i = 0; i < 10000; i++) {
        struct pollfd p = {2, POLLOUT, 0};
        if (poll(&p, 1, 1) == 1 && (p.revents & POLLERR))
            break;
    }
    struct sigaction sa;
    sigaction(SIGPIPE, NULL, &sa);
    EXPECT(sa.sa_handler == SIG_DFL);
    for (int i = 0; i < 50; i++)
        sink = malloc(33);
    sink = NULL;
    return 0;
}

// STATUS: exit=23
// LINES: 1001
// OUT: line 0
// OUT: line 1000
