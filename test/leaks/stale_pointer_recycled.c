// Tests that a pointer left in a freed block does not keep a leaked block alive once the freed block is handed out again and its new owner leaves those bytes unwritten; with clear_recycled_chunks=0 the stale pointer hides the leak.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=clear_recycled_chunks=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOCLEAR
#include <stdlib.h>

#include "clear_stack.h"

struct holder {
    void *ptr;
    char pad[56];
};

static void *volatile reused;

__attribute__((noinline)) static void lose_target(void)
{
    struct holder *h = malloc(sizeof(struct holder));
    h->ptr = malloc(48);
    reused = h;
    free(h);
}

__attribute__((noinline)) static void take_slot_back(void)
{
    // the same size class, from this thread's cache: the slot h had
    for (;;) {
        void *p = malloc(sizeof(struct holder));
        if (p == reused)
            return;
    }
}

int main(void)
{
    lose_target();
    take_slot_back();
    clear_stack();
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 48 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in lose_target {{.*}}stale_pointer_recycled.c:19{{(:[0-9]+)?$}}
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in main {{.*}}stale_pointer_recycled.c:36{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 48 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23

// NOCLEAR-NOT: LeakSanitizer
// NOCLEAR: exit=0
