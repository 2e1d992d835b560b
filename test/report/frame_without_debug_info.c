// Tests that a frame in code without debug information shows the function name from the symbol table and (module+0xoffset) instead of file:line.
// RUN: %clang -shared -fPIC -g0 -DBUILD_LIB %s -o %t.so
// RUN: %clang %s %t.so -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --match-full-lines -DLIB=%t.so
#ifdef BUILD_LIB
#include <stdlib.h>
__attribute__((noinline)) void *lib_alloc(size_t n) { return malloc(n); }
#else
#include "leaksan_test.h"

void *lib_alloc(size_t n);
void *volatile sink;

int main(void)
{
    sink = lib_alloc(101);
    sink = NULL;
    return 0;
}
#endif

// CHECK: Direct leak of 101 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc {{.*}}malloc.c:{{[0-9]+:[0-9]+}}
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in lib_alloc ([[LIB]]+0x{{[0-9a-f]+}})
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in main {{.*}}frame_without_debug_info.c:16:{{[0-9]+}}
// CHECK: exit=23
