// Tests that leak:PATTERN suppresses a leak whose stack has a function name containing PATTERN, and only that one; with no indirect leak to take off the report, the check does not rerun.
// RUN: %clang %s -o %t
// RUN: echo "leak:alloc_suppressed" > %t.supp
// RUN: { %env_lsan_opts=suppressions=%t.supp %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// The suppressed leak has no children, so the world is stopped once: no rerun.
// RUN: { %env_lsan_opts=suppressions=%t.supp:verbosity=1 %run %t 2>&1 || true; } | grep -c "leaksan: stop_the_world:" | FileCheck %s --check-prefix=STOPS
#include "leaksan_test.h"

void *volatile sink;

__attribute__((noinline)) static void alloc_suppressed(void) { sink = malloc(110); }
__attribute__((noinline)) static void alloc_kept(void) { sink = malloc(111); }

int main(void)
{
    alloc_suppressed();
    alloc_kept();
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 111 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in alloc_kept {{.*}}function_name.c:12{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: Suppressions used:
// CHECK-NEXT: count      bytes template
// CHECK-NEXT: 1        110 alloc_suppressed
// CHECK: SUMMARY: LeakSanitizer: 111 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23

// STOPS: {{^1$}}
