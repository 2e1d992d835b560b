// Tests that report_format=text names the default writer: LSan's text report, byte counts, stack and SUMMARY as without the flag, exit 23.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=report_format=text %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

static void *volatile sink;

int main(void)
{
    sink = malloc(41);
    sink = NULL;
    return 0;
}

// CHECK: ERROR: LeakSanitizer: detected memory leaks
// CHECK: Direct leak of 41 byte(s) in 1 object(s) allocated from:
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} in main {{.*}}report_format_text.c:10
// CHECK: SUMMARY: LeakSanitizer: 41 byte(s) leaked in 1 allocation(s).
// CHECK: exit=23
