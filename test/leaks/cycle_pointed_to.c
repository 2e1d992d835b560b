// Tests that a lost cycle a<->b that another lost block c points into is indirect (64 and 60 bytes), with only c direct (52 bytes), whichever of a, b, c lies lowest in memory: the three share a size class and are allocated in each of the six orders; as LSan.
// RUN: %clang %s -o %t
// RUN: for order in abc acb bac bca cab cba; do { %run %t $order 2>&1; echo "exit=$?"; } | FileCheck %s || exit 1; done
#include "leaksan_test.h"
#include <string.h>

#include "clear_stack.h"

/* sizes 49-64 share a size class, so consecutive allocations are neighbours */
__attribute__((noinline)) static void **alloc_a(void) { return malloc(64); }
__attribute__((noinline)) static void **alloc_b(void) { return malloc(60); }
__attribute__((noinline)) static void **alloc_c(void) { return malloc(52); }

__attribute__((noinline)) static void make(const char *order)
{
    void **a = NULL, **b = NULL, **c = NULL;
    uintptr_t last = 0;
    for (int i = 0; i < 3; i++) {
        void **p = order[i] == 'a' ? (a = alloc_a()) : order[i] == 'b' ? (b = alloc_b()) : (c = alloc_c());
        memset(p, 0, 52);
        EXPECT((uintptr_t)p > last); /* the address order is the one asked for */
        last = (uintptr_t)p;
    }
    EXPECT(a && b && c);
    a[0] = b;
    b[0] = a;
    c[0] = b;
}

int main(int argc, char **argv)
{
    EXPECT(argc == 2 && strlen(argv[1]) == 3);
    make(argv[1]);
    clear_stack();
    return 0;
}

// CHECK: Direct leak of 52 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in alloc_c {{.*}}cycle_pointed_to.c:12{{(:[0-9]+)?$}}
// CHECK: Indirect leak of 64 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in alloc_a {{.*}}cycle_pointed_to.c:10{{(:[0-9]+)?$}}
// CHECK: Indirect leak of 60 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in alloc_b {{.*}}cycle_pointed_to.c:11{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 176 byte(s) leaked in 3 allocation(s).
// CHECK-NEXT: exit=23
