// Tests that a page made PROT_NONE inside a heap block (as pugixml's test allocator guards its blocks) is skipped, said at verbosity=1 with its range, and the rest of the block is scanned: children behind the hole stay reachable, a leaked guarded block and its child are reported, and so is an unrelated leak, with exact bytes. LLVM's LSan dies with SIGSEGV on the protected page and reports nothing; leaksan is right to skip what cannot be read.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=verbosity=1 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=VERBOSE
#include "leaksan_test.h"
#include <string.h>
#include <sys/mman.h>

#include "clear_stack.h"

/* a block of size bytes with its second page PROT_NONE; slots 0 and the
 * first slot of the third page hold pointers */
static void **guarded(size_t size, void *before, void *after)
{
    long page = sysconf(_SC_PAGESIZE);
    char *b = malloc(size);
    EXPECT(b);
    memset(b, 0, size);
    char *p2 = (char *)(((uintptr_t)b + page - 1) & ~(uintptr_t)(page - 1)) + page;
    EXPECT(p2 + 2 * page <= b + size);
    *(void **)b = before;
    *(void **)(p2 + page) = after;
    EXPECT(mprotect(p2, page, PROT_NONE) == 0);
    return (void **)b;
}

void **volatile live_large, **volatile live_small;
static uintptr_t hidden;

__attribute__((noinline)) static void *child(size_t n) { return malloc(n); }
__attribute__((noinline)) static void *lost(size_t n) { return guarded(n, NULL, child(77)); }

__attribute__((noinline)) static void setup(void)
{
    live_large = guarded(1 << 20, child(11), child(22)); /* a large chunk */
    live_small = guarded(65536, child(33), child(44));   /* a size-class chunk */
    hidden = ~(uintptr_t)lost(300000);
    malloc(123);
}

int main(void)
{
    setup();
    clear_stack();
    return 0;
}

// CHECK: Direct leak of 300000 byte(s) in 1 object(s) allocated from:
// CHECK: Direct leak of 123 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in setup {{.*}}unreadable_page_in_block.c:38{{(:[0-9]+)?$}}
// CHECK: Indirect leak of 77 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in child {{.*}}unreadable_page_in_block.c:30{{(:[0-9]+)?$}}
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in lost {{.*}}unreadable_page_in_block.c:31{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 300200 byte(s) leaked in 3 allocation(s).
// CHECK-NEXT: exit=23

// VERBOSE-DAG: leaksan: skipping unreadable memory [0x{{[0-9a-f]+}}, 0x{{[0-9a-f]+}}) (4096 bytes) inside chunk [0x{{[0-9a-f]+}}, 0x{{[0-9a-f]+}}) of 1048576 bytes
// VERBOSE-DAG: leaksan: skipping unreadable memory [0x{{[0-9a-f]+}}, 0x{{[0-9a-f]+}}) (4096 bytes) inside chunk [0x{{[0-9a-f]+}}, 0x{{[0-9a-f]+}}) of 65536 bytes
// VERBOSE-DAG: leaksan: skipping unreadable memory [0x{{[0-9a-f]+}}, 0x{{[0-9a-f]+}}) (4096 bytes) inside chunk [0x{{[0-9a-f]+}}, 0x{{[0-9a-f]+}}) of 300000 bytes
// VERBOSE: SUMMARY: LeakSanitizer: 300200 byte(s) leaked in 3 allocation(s).
// VERBOSE-NEXT: exit=23
