// Tests that suppressions returned by __lsan_default_suppressions() apply and are listed in the table, together with those of the suppressions file.
// RUN: %clang %s -rdynamic -o %t
// RUN: echo "leak:alloc_from_file" > %t.supp
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=BUILTIN
// RUN: { %env_lsan_opts=suppressions=%t.supp %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=BOTH
//
// The order of the two rows is not part of the format: LLVM's LeakSanitizer
// lists the file's suppressions first, leaksan the built-in ones.
#include "leaksan_test.h"

void *volatile sink;

const char *__lsan_default_suppressions(void) { return "# built in\nleak:alloc_builtin\n"; }

__attribute__((noinline)) static void alloc_builtin(void) { sink = malloc(160); }
__attribute__((noinline)) static void alloc_from_file(void) { sink = malloc(161); }

int main(void)
{
    alloc_builtin();
    alloc_from_file();
    sink = NULL;
    return 0;
}

// BUILTIN: Direct leak of 161 byte(s) in 1 object(s) allocated from:
// BUILTIN-NOT: leak of
// BUILTIN: Suppressions used:
// BUILTIN-NEXT: count      bytes template
// BUILTIN-NEXT: 1        160 alloc_builtin
// BUILTIN-NEXT: ---
// BUILTIN: SUMMARY: LeakSanitizer: 161 byte(s) leaked in 1 allocation(s).
// BUILTIN-NEXT: exit=23

// BOTH-NOT: ERROR: LeakSanitizer
// BOTH: Suppressions used:
// BOTH-NEXT: count      bytes template
// BOTH-DAG: {{^ +}}1        160 alloc_builtin
// BOTH-DAG: {{^ +}}1        161 alloc_from_file
// BOTH-NEXT: ---
// BOTH-NOT: SUMMARY
// BOTH: exit=0
