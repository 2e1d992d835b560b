// Tests that a malformed suppressions file (a line without TYPE:, an unknown type, an empty pattern) is refused at start-up with one error naming file and line, exit status 1; other sanitizers' types are accepted.
// RUN: %clang %s -o %t
// RUN: printf 'leak:fine\nno_colon_here\n' > %t.nocolon
// RUN: printf '# ok\nleak:fine\n\nfoo:bar\n' > %t.unknown
// RUN: printf 'leak:\n' > %t.empty
// RUN: printf 'race:foo\nthread:bar\ncalled_from_lib:libbaz.so\nleak:alloc_suppressed\n' > %t.foreign
// RUN: { %env_lsan_opts=suppressions=%t.nocolon %run %t 2>&1; echo "exit=$?"; } | FileCheck %s -DPATH=%t.nocolon --check-prefix=NOCOLON
// RUN: { %env_lsan_opts=suppressions=%t.unknown %run %t 2>&1; echo "exit=$?"; } | FileCheck %s -DPATH=%t.unknown --check-prefix=UNKNOWN
// RUN: { %env_lsan_opts=suppressions=%t.empty %run %t 2>&1; echo "exit=$?"; } | FileCheck %s -DPATH=%t.empty --check-prefix=EMPTY
// RUN: { %env_lsan_opts=suppressions=%t.foreign %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=FOREIGN
#include "leaksan_test.h"

void *volatile sink;

__attribute__((noinline)) static void alloc_suppressed(void) { sink = malloc(170); }

int main(void)
{
    fprintf(stderr, "main ran\n");
    alloc_suppressed();
    sink = NULL;
    return 0;
}

// NOCOLON: {{^}}=={{[0-9]+}}==leaksan: [[PATH]]:2: missing 'TYPE:' in suppression: 'no_colon_here' (a suppression is written leak:PATTERN)
// NOCOLON-NEXT: exit=1

// UNKNOWN: {{^}}=={{[0-9]+}}==leaksan: [[PATH]]:4: unknown suppression type: 'foo' (a suppression is written leak:PATTERN)
// UNKNOWN-NEXT: exit=1

// EMPTY: {{^}}=={{[0-9]+}}==leaksan: [[PATH]]:1: empty pattern in suppression: 'leak:' (a suppression is written leak:PATTERN)
// EMPTY-NEXT: exit=1

// FOREIGN: main ran
// FOREIGN-NEXT: -----------------------------------------------------
// FOREIGN-NEXT: Suppressions used:
// FOREIGN-NEXT: count      bytes template
// FOREIGN-NEXT: 1        170 alloc_suppressed
// FOREIGN-NEXT: -----------------------------------------------------
// FOREIGN-EMPTY:
// FOREIGN-NEXT: exit=0
