// Tests that log_pointers=1 logs each root range scanned and each pointer followed to a chunk, here a global's pointer to a 89-byte block and from it to a 90-byte one.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=log_pointers=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

void **global;

int main(void)
{
    global = malloc(89);
    global[0] = malloc(90);
    fprintf(stderr, "global=%p outer=%p inner=%p\n", (void *)&global, (void *)global, global[0]);
    return 0;
}

// CHECK: global=0x[[GLOBAL:[0-9a-f]+]] outer=0x[[OUTER:[0-9a-f]+]] inner=0x[[INNER:[0-9a-f]+]]
// CHECK-DAG: leaksan: scanning globals [0x{{[0-9a-f]+}}, 0x{{[0-9a-f]+}})
// CHECK-DAG: leaksan: scanning stack [0x{{[0-9a-f]+}}, 0x{{[0-9a-f]+}})
// CHECK-DAG: leaksan: pointer 0x[[OUTER]] -> chunk [0x[[OUTER]], 0x{{[0-9a-f]+}})
// CHECK-DAG: leaksan: pointer 0x[[INNER]] -> chunk [0x[[INNER]], 0x{{[0-9a-f]+}})
// CHECK-NOT: leak of
// CHECK: exit=0
