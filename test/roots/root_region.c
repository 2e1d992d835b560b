// Tests that a block whose only pointer is in an mmap'ed region is not a leak while the region is registered as a root region, and is one after it is unregistered or with use_root_regions=0.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %env_lsan_opts=use_root_regions=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOREGIONS
#include "leaksan_test.h"
#include <sys/mman.h>

int main(void)
{
    char *region = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT(region != MAP_FAILED);
    *(void **)(region + 64) = malloc(53);
    __lsan_register_root_region(region, 4096);
    int registered = __lsan_do_recoverable_leak_check();
    fprintf(stderr, "registered: leaks=%d\n", registered);
    __lsan_unregister_root_region(region, 4096);
    int unregistered = __lsan_do_recoverable_leak_check();
    fprintf(stderr, "unregistered: leaks=%d\n", unregistered);
    free(*(void **)(region + 64));
    return 0;
}

// CHECK-NOT: leak of
// CHECK: registered: leaks=0
// CHECK-EMPTY:
// CHECK-NEXT: =================================================================
// CHECK-NEXT: =={{[0-9]+}}==ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 53 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}root_region.c:12{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 53 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: unregistered: leaks=1
// CHECK-NEXT: exit=0

// NOREGIONS: Direct leak of 53 byte(s) in 1 object(s) allocated from:
// NOREGIONS: registered: leaks=1
// NOREGIONS: Direct leak of 53 byte(s) in 1 object(s) allocated from:
// NOREGIONS: unregistered: leaks=1
// NOREGIONS-NEXT: exit=0
