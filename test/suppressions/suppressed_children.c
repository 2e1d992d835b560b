// Tests that blocks reachable only from a suppressed leak are not reported as indirect leaks, and not counted: the table shows the suppressed block alone.
// RUN: %clang %s -o %t
// RUN: echo "leak:alloc_parent" > %t.supp
// RUN: { %env_lsan_opts=suppressions=%t.supp %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOSUPP
// Here the world is stopped twice: the rerun takes the children off the report.
// RUN: { %env_lsan_opts=suppressions=%t.supp:verbosity=1 %run %t 2>&1 || true; } | grep -c "leaksan: stop_the_world:" | FileCheck %s --check-prefix=STOPS
#include "leaksan_test.h"

void *volatile sink;

__attribute__((noinline)) static void **alloc_parent(void) { return malloc(2 * sizeof(void *)); }

int main(void)
{
    void **parent = alloc_parent();
    parent[0] = malloc(150); /* children: allocated in main, not suppressed */
    parent[1] = malloc(151);
    ((void **)parent[1])[0] = malloc(152);
    parent = NULL;
    sink = malloc(153);
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 153 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: Suppressions used:
// CHECK-NEXT: count      bytes template
// CHECK-NEXT: 1         16 alloc_parent
// CHECK: SUMMARY: LeakSanitizer: 153 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23

// Without the suppression the same blocks are a direct leak and three indirect ones.
// NOSUPP: Direct leak of 153 byte(s) in 1 object(s) allocated from:
// NOSUPP: Direct leak of 16 byte(s) in 1 object(s) allocated from:
// NOSUPP: Indirect leak of 152 byte(s) in 1 object(s) allocated from:
// NOSUPP: Indirect leak of 151 byte(s) in 1 object(s) allocated from:
// NOSUPP: Indirect leak of 150 byte(s) in 1 object(s) allocated from:
// NOSUPP: SUMMARY: LeakSanitizer: 622 byte(s) leaked in 5 allocation(s).

// STOPS: {{^2$}}
