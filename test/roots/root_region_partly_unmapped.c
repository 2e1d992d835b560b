// Tests that a registered root region whose middle page was unmapped is scanned where still mapped (no crash), and an unmapped part holds no roots.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <sys/mman.h>

int main(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *region = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    EXPECT(region != MAP_FAILED);
    __lsan_register_root_region(region, 3 * page);
    *(void **)(region + 2 * page + 8) = malloc(54); /* in the last page */
    *(void **)(region + page + 8) = malloc(55);     /* in the middle page */
    EXPECT(munmap(region + page, page) == 0);
    int leaks = __lsan_do_recoverable_leak_check();
    fprintf(stderr, "middle unmapped: leaks=%d\n", leaks);
    EXPECT(munmap(region + 2 * page, page) == 0);
    leaks = __lsan_do_recoverable_leak_check();
    fprintf(stderr, "last unmapped: leaks=%d\n", leaks);
    __lsan_unregister_root_region(region, 3 * page);
    return 0;
}

// CHECK: Direct leak of 55 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}root_region_partly_unmapped.c:14{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 55 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: middle unmapped: leaks=1
// CHECK: Direct leak of 55 byte(s) in 1 object(s) allocated from:
// CHECK: Direct leak of 54 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}root_region_partly_unmapped.c:13{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 109 byte(s) leaked in 2 allocation(s).
// CHECK-NEXT: last unmapped: leaks=1
// CHECK: SUMMARY: LeakSanitizer: 109 byte(s) leaked in 2 allocation(s).
// CHECK-NEXT: exit=23
