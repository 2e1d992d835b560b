// Tests '^' and '$' in suppressions: ^leaf$ matches only the function leaf, ^leaf also leaf_tail, leaf$ also pre_leaf; without anchors leaf matches all three.
// RUN: %clang %s -o %t
// RUN: echo 'leak:^leaf$' > %t.exact
// RUN: echo 'leak:^leaf' > %t.start
// RUN: echo 'leak:leaf$' > %t.end
// RUN: echo 'leak:leaf' > %t.any
// RUN: { %env_lsan_opts=suppressions=%t.exact %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=EXACT
// RUN: { %env_lsan_opts=suppressions=%t.start %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=START
// RUN: { %env_lsan_opts=suppressions=%t.end %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=END
// RUN: { %env_lsan_opts=suppressions=%t.any %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=ANY
#include "leaksan_test.h"

void *volatile sink;

__attribute__((noinline)) void leaf(void) { sink = malloc(120); }
__attribute__((noinline)) void leaf_tail(void) { sink = malloc(121); }
__attribute__((noinline)) void pre_leaf(void) { sink = malloc(122); }

int main(void)
{
    leaf();
    leaf_tail();
    pre_leaf();
    sink = NULL;
    return 0;
}

// EXACT: Direct leak of 122 byte(s) in 1 object(s) allocated from:
// EXACT: Direct leak of 121 byte(s) in 1 object(s) allocated from:
// EXACT-NOT: leak of
// EXACT: 1        120 ^leaf$
// EXACT: exit=23

// START: Direct leak of 122 byte(s) in 1 object(s) allocated from:
// START-NOT: leak of
// START: 2        241 ^leaf
// START: exit=23

// END: Direct leak of 121 byte(s) in 1 object(s) allocated from:
// END-NOT: leak of
// END: 2        242 leaf$
// END: exit=23

// ANY-NOT: leak of
// ANY: 3        363 leaf
// ANY: exit=0
