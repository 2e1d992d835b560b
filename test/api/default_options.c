// Tests that flags returned by __lsan_default_options() apply (exitcode=42), and that LSAN_OPTIONS overrides them.
// RUN: %clang %s -rdynamic -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=DEFAULT
// RUN: { %env_lsan_opts=exitcode=43 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=OVERRIDE
#include "leaksan_test.h"

void *volatile sink;

const char *__lsan_default_options(void) { return "exitcode=42:max_leaks=1"; }

int main(void)
{
    sink = malloc(73);
    sink = malloc(74);
    sink = NULL;
    return 0;
}

// max_leaks=1 shows the default options were read in both runs.
// DEFAULT: The 1 top leak(s):
// DEFAULT: Omitting 1 more leak(s).
// DEFAULT: SUMMARY: LeakSanitizer: 147 byte(s) leaked in 2 allocation(s).
// DEFAULT-NEXT: exit=42

// OVERRIDE: The 1 top leak(s):
// OVERRIDE: SUMMARY: LeakSanitizer: 147 byte(s) leaked in 2 allocation(s).
// OVERRIDE-NEXT: exit=43
