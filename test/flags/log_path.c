// Tests that log_path=PATH writes the report to PATH.<pid>, with that pid in it, and nothing to stderr.
// RUN: %clang %s -o %t
// RUN: rm -f %t.log.*
// RUN: %env_lsan_opts=log_path=%t.log %run %t > %t.out 2> %t.err; echo "exit=$?" >> %t.out
// RUN: count 0 < %t.err
// RUN: FileCheck %s --check-prefix=OUT < %t.out
// RUN: ls %t.log.* | count 1
// RUN: FileCheck %s --check-prefix=FILE -DPID=$(sed -n 's/^pid=//p' %t.out) --input-file=%t.log.$(sed -n 's/^pid=//p' %t.out)
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    printf("pid=%d\n", (int)getpid());
    sink = malloc(88);
    sink = NULL;
    return 0;
}

// OUT: pid={{[0-9]+}}
// OUT-NEXT: exit=23

// FILE: {{^$}}
// FILE-NEXT: =================================================================
// FILE-NEXT: ==[[PID]]==ERROR: LeakSanitizer: detected memory leaks
// FILE-EMPTY:
// FILE-NEXT: Direct leak of 88 byte(s) in 1 object(s) allocated from:
// FILE-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// FILE-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}log_path.c:16{{(:[0-9]+)?$}}
// FILE: SUMMARY: LeakSanitizer: 88 byte(s) leaked in 1 allocation(s).
