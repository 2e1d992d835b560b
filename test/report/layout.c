// Tests the exact layout of a leak report: blank line, '=' separator, ERROR line with the pid, blank line, block header, frames "    #i 0xPC in function file:line:col", blank line, SUMMARY, exit status 23.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --strict-whitespace --match-full-lines -DSRC=%s
//
// With --strict-whitespace and --match-full-lines a pattern starts right after
// the colon, so the frame patterns below carry the report's four spaces.
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    fprintf(stderr, "pid=%d\n", (int)getpid());
    sink = malloc(100);
    sink = NULL;
    return 0;
}

// CHECK:pid=[[PID:[0-9]+]]
// CHECK-EMPTY:
// CHECK-NEXT:=================================================================
// CHECK-NEXT:==[[PID]]==ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT:Direct leak of 100 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT:    #0 0x{{[0-9a-f]+}} in malloc {{/.*}}/interceptors/malloc.c:{{[0-9]+}}:{{[0-9]+}}
// CHECK-NEXT:    #1 0x{{[0-9a-f]+}} in main [[SRC]]:14:{{[0-9]+}}
// CHECK-NEXT:    #2 0x{{[0-9a-f]+}} in __libc_start_call_main {{.+}}
// CHECK-EMPTY:
// CHECK-NEXT:SUMMARY: LeakSanitizer: 100 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT:exit=23
