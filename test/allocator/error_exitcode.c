// Tests that an allocator error report (here a bad free) ends the process with the exitcode flag's status, 23 by default, that its SUMMARY line names the bad call's top frame (FILE:LINE:COL in FUNCTION) and that print_summary=0 drops that line, as in clang 14's and gcc 12's LSan, whose Die() exits with exitcode for these reports too.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefixes=CHECK,SUMMARY -DCODE=23
// RUN: { %env_lsan_opts=detect_leaks=0:exitcode=42 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefixes=CHECK,SUMMARY -DCODE=42
// RUN: { %env_lsan_opts=detect_leaks=0:exitcode=0:print_summary=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefixes=CHECK,NO-SUMMARY -DCODE=0
#include <stdio.h>
#include <stdlib.h>

static char global[16];

int main(void)
{
    free(global);
    fprintf(stderr, "survived\n");
    return 0;
}

// CHECK: ERROR: LeakSanitizer: attempting free on address which was not malloc()-ed:
// SUMMARY: SUMMARY: LeakSanitizer: bad-free {{.*}}malloc.c:{{[0-9]+}}:{{[0-9]+}} in free{{$}}
// NO-SUMMARY-NOT: SUMMARY
// CHECK-NOT: survived
// CHECK: exit=[[CODE]]
