// Tests that a __lsan_default_options() that allocates (builds its string with malloc) does not hang start-up: the allocator serves the thread that is parsing the flags, and the flags it returns apply (exitcode=42).
// RUN: %clang %s -rdynamic -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <string.h>

void *volatile sink;

const char *__lsan_default_options(void)
{
    static const char *opts;
    if (!opts)
        opts = strdup("exitcode=42"); /* kept: a global holds it */
    return opts;
}

int main(void)
{
    sink = malloc(73);
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 73 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: exit=42
