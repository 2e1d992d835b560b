// Tests that the exit-time check runs after static destructors: a block freed by a static object's destructor is not reported, and is when the destructor keeps it.
// RUN: %clangxx %s -o %t
// RUN: %run %t free 2>&1 | count 0
// RUN: { %run %t keep 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <string.h>

/* Holds its block's address disguised, so only the destructor can free it
 * and the checker cannot see it. */
struct Holder {
    uintptr_t hidden = 0;
    bool free_it = true;
    ~Holder()
    {
        if (free_it)
            free(reinterpret_cast<void *>(~hidden));
    }
};

static Holder holder;

int main(int argc, char **argv)
{
    EXPECT(argc == 2);
    holder.hidden = ~reinterpret_cast<uintptr_t>(malloc(200));
    holder.free_it = !strcmp(argv[1], "free");
    return 0;
}

// CHECK: Direct leak of 200 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}static_destructor_frees.cpp:25{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 200 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
