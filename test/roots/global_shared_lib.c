// Tests that a block whose only pointer is in a global of a shared library is not a leak, and is one once that global is cleared.
// RUN: %clang -shared -fPIC -DBUILD_LIB %s -o %t.so
// RUN: %clang %s %t.so -o %t
// RUN: llvm-nm -D --defined-only %t.so | FileCheck %s --check-prefix=SYM
// RUN: %run %t keep 2>&1 | count 0
// RUN: { %run %t drop 2>&1; echo "exit=$?"; } | FileCheck %s
#ifdef BUILD_LIB
/* The program reaches it only through these functions: a direct reference
 * would copy-relocate the variable into the executable's .bss. */
void *lib_ptr;
void lib_store(void *p) { lib_ptr = p; }
#else
#include "leaksan_test.h"
#include <string.h>

void lib_store(void *p);

int main(int argc, char **argv)
{
    lib_store(malloc(43));
    if (argc > 1 && !strcmp(argv[1], "drop"))
        lib_store(NULL);
    return 0;
}
#endif

// SYM: {{[0-9a-f]+}} B lib_ptr

// CHECK: Direct leak of 43 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}global_shared_lib.c:20{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 43 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
