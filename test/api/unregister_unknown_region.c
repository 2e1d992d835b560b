// Tests that unregistering a root region that was never registered (or with another size) prints one error naming it and exits with status 1.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

static char region[256];

int main(void)
{
    __lsan_register_root_region(region, sizeof(region));
    fprintf(stderr, "unregistering %p\n", (void *)region);
    __lsan_unregister_root_region(region, 128);
    fprintf(stderr, "survived\n");
    return 0;
}

// CHECK: unregistering [[ADDR:0x[0-9a-f]+]]
// CHECK-NEXT: =={{[0-9]+}}==leaksan: __lsan_unregister_root_region(): region at [[ADDR]] of size 128 was not registered
// CHECK-NEXT: exit=1
