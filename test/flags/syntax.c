// Tests the LSAN_OPTIONS syntax: flags separated by ':', ',', spaces, tabs and newlines, and quoted values that hold separators; later flags win.
// RUN: %clang %s -o %t
// RUN: rm -f "%t.a b:c".*
// RUN: { %env_lsan_opts=$'exitcode=5,max_leaks=1 print_summary=0\treport_objects=1\nexitcode=6' %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=SEP
// RUN: %env_lsan_opts="log_path='%t.a b:c',exitcode=\"7\"" %run %t 2> %t.err; echo "exit=$?" > %t.exit
// RUN: count 0 < %t.err
// RUN: FileCheck %s --check-prefix=QEXIT < %t.exit
// RUN: cat "%t.a b:c".* | FileCheck %s --check-prefix=QUOTED
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    sink = malloc(98);
    sink = malloc(99);
    sink = NULL;
    return 0;
}

// SEP: The 1 top leak(s):
// SEP-NEXT: Direct leak of 99 byte(s) in 1 object(s) allocated from:
// SEP: Objects leaked above:
// SEP: Omitting 1 more leak(s).
// SEP-NOT: SUMMARY
// SEP: exit=6

// QEXIT: exit=7

// QUOTED: Direct leak of 99 byte(s) in 1 object(s) allocated from:
// QUOTED: Direct leak of 98 byte(s) in 1 object(s) allocated from:
// QUOTED: SUMMARY: LeakSanitizer: 197 byte(s) leaked in 2 allocation(s).
