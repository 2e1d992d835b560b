// Tests that __lsan_ignore_object() on a pointer that is not a heap block is harmless: silent by default, one message naming the address with verbosity=1.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=QUIET
// RUN: { %env_lsan_opts=verbosity=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=VERBOSE
#include "leaksan_test.h"

static int global;

int main(void)
{
    fprintf(stderr, "ignoring %p\n", (void *)&global);
    __lsan_ignore_object(&global);
    fprintf(stderr, "done\n");
    return 0;
}

// QUIET: ignoring [[ADDR:0x[0-9a-f]+]]
// QUIET-NEXT: done
// QUIET-NEXT: exit=0

// VERBOSE: ignoring [[ADDR:0x[0-9a-f]+]]
// VERBOSE-NEXT: =={{[0-9]+}}==leaksan: __lsan_ignore_object(): no heap object found at [[ADDR]]
// VERBOSE-NEXT: done
// VERBOSE-NOT: __lsan_ignore_object
// VERBOSE: exit=0
