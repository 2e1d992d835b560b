// Tests that two lost blocks pointing at each other are reported as 1 direct leak (one member names the cycle) and 1 indirect leak.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
//
// LLVM's LeakSanitizer reports both as indirect ("Indirect leak of 64 byte(s)
// in 2 object(s)") and no direct leak; leaksan names one member of an
// unreachable cycle as the direct leak, like valgrind's "definitely lost"
// clique leader, so a cycle never hides behind "Indirect" only.
#include "leaksan_test.h"

struct node {
    struct node *other;
    char pad[24];
};

struct node *volatile a, *volatile b;

__attribute__((noinline)) static void make_cycle(void)
{
    struct node *n[2];
    for (int i = 0; i < 2; i++)
        n[i] = malloc(sizeof(struct node));
    n[0]->other = n[1];
    n[1]->other = n[0];
    a = n[0];
    b = n[1];
}

int main(void)
{
    make_cycle();
    a = b = NULL;
    return 0;
}

// CHECK: Direct leak of 32 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in make_cycle {{.*}}unreachable_cycle.c:22{{(:[0-9]+)?$}}
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in main {{.*}}unreachable_cycle.c:31{{(:[0-9]+)?$}}
// CHECK: Indirect leak of 32 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in make_cycle {{.*}}unreachable_cycle.c:22{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 64 byte(s) leaked in 2 allocation(s).
// CHECK-NEXT: exit=23
