// Tests that a malformed flag value (non-numeric, out-of-range or empty integer; non-boolean; unterminated quote; a name without '=') gives one clear error before main runs and exit status 1.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=exitcode=abc %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=INT
// RUN: { %env_lsan_opts=max_leaks=99999999999 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=BIG
// RUN: { %env_lsan_opts=exitcode= %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=EMPTY
// RUN: { %env_lsan_opts=malloc_context_size=300 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=RANGE
// RUN: { %env_lsan_opts=detect_leaks=maybe %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=BOOL
// RUN: { %env_lsan_opts=exitcode=\"5 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=QUOTE
// RUN: { %env_lsan_opts=report_objects %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOVALUE
//
// LLVM's LeakSanitizer prints "Flag parsing failed." for these and then runs
// the program anyway (exit status 0, or 23 if it leaks): a typo silently
// turns a CI leak check into a pass. leaksan stops.
#include "leaksan_test.h"

int main(void)
{
    fprintf(stderr, "main ran\n");
    return 0;
}

// INT: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: invalid value 'abc' for integer flag 'exitcode': expected a decimal number
// INT-NEXT: exit=1

// BIG: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: invalid value '99999999999' for integer flag 'max_leaks': expected a decimal number
// BIG-NEXT: exit=1

// EMPTY: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: invalid value '' for integer flag 'exitcode': expected a decimal number
// EMPTY-NEXT: exit=1

// RANGE: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: malloc_context_size=300 is out of range (0 to 255)
// RANGE-NEXT: exit=1

// BOOL: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: invalid value 'maybe' for boolean flag 'detect_leaks': use 0/1, true/false or yes/no
// BOOL-NEXT: exit=1

// QUOTE: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: unterminated quote in value of 'exitcode'
// QUOTE-NEXT: exit=1

// NOVALUE: {{^}}=={{[0-9]+}}==leaksan: LSAN_OPTIONS: expected NAME=VALUE, got 'report_objects': flags are written like LSAN_OPTIONS=detect_leaks=1:exitcode=23
// NOVALUE-NEXT: exit=1
