// Tests that an unknown flag is ignored with one warning naming it and the closest known flag (exitcde -> exitcode), the other flags still apply, and flags of other sanitizers are accepted silently.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=exitcde=3:max_leaks=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=TYPO
// RUN: { %env_lsan_opts=frobnicate=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=FAR
// RUN: { %env_lsan_opts=halt_on_error=1:abort_on_error=0:color=never %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=FOREIGN
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    fprintf(stderr, "main ran\n");
    sink = malloc(96);
    sink = malloc(97);
    sink = NULL;
    return 0;
}

// TYPO: {{^}}=={{[0-9]+}}==leaksan: WARNING: LSAN_OPTIONS: unknown flag 'exitcde' (did you mean 'exitcode'?); it is ignored
// TYPO-NEXT: main ran
// TYPO: The 1 top leak(s):
// TYPO: exit=23

// FAR: {{^}}=={{[0-9]+}}==leaksan: WARNING: LSAN_OPTIONS: unknown flag 'frobnicate'; it is ignored (help=1 lists the flags)
// FAR-NEXT: main ran
// FAR: exit=23

// FOREIGN: {{^}}main ran
// FOREIGN-NOT: leaksan:
// FOREIGN: exit=23
