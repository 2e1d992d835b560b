// Tests that matching suppressions against 50 leaks with 50 distinct stacks starts the symbolizer once (all frames in one batch, under one deadline), not once per frame (leaksan started 102 runs, each with its own 30 s deadline; LSan keeps one llvm-symbolizer process for the whole run, so it also execs it once).
// RUN: %clang %s -o %t
// RUN: printf '#!/bin/sh\necho run >> %t.count\nexec %%s "$@"\n' "$(command -v llvm-symbolizer)" > %t.sym && chmod +x %t.sym
// RUN: echo 'leak:no_such_function' > %t.supp
// RUN: rm -f %t.count
// RUN: { %env_lsan_opts=suppressions=%t.supp:external_symbolizer_path=%t.sym %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: wc -l < %t.count | FileCheck %s --check-prefix=COUNT
#include "leaksan_test.h"

void *volatile sink[50];

#define LEAK(i) \
    __attribute__((noinline)) static void leak_##i(void) { sink[i - 10] = malloc(1000 + i); }
#define TEN(d) LEAK(d##0) LEAK(d##1) LEAK(d##2) LEAK(d##3) LEAK(d##4) \
               LEAK(d##5) LEAK(d##6) LEAK(d##7) LEAK(d##8) LEAK(d##9)
#define CALL(i) leak_##i();
#define CALL_TEN(d) CALL(d##0) CALL(d##1) CALL(d##2) CALL(d##3) CALL(d##4) \
                    CALL(d##5) CALL(d##6) CALL(d##7) CALL(d##8) CALL(d##9)
TEN(1) TEN(2) TEN(3) TEN(4) TEN(5)

int main(void)
{
    CALL_TEN(1) CALL_TEN(2) CALL_TEN(3) CALL_TEN(4) CALL_TEN(5)
    for (int i = 0; i < 50; i++)
        sink[i] = NULL;
    return 0;
}

// CHECK-NOT: leaksan:
// CHECK: Direct leak of 1059 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in leak_59 {{.*}}one_symbolizer_run.c:{{[0-9]+:[0-9]+$}}
// CHECK: Direct leak of 1010 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in leak_10 {{.*}}one_symbolizer_run.c:{{[0-9]+:[0-9]+$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 51725 byte(s) leaked in 50 allocation(s).
// CHECK-NEXT: exit=23

// COUNT: {{^}}1{{$}}
