// Tests that detect_double_free=0 (LSan's default, not leaksan's) makes a second free of a small or large block a no-op without a report, and that the heap stays sound: the block is handed out once, not twice (LSan's unchecked allocator would hand it out twice, or crash for the large one).
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0:detect_double_free=0 %run %t 32 2>&1 | FileCheck %s
// RUN: %env_lsan_opts=detect_leaks=0:detect_double_free=0 %run %t 67108864 2>&1 | FileCheck %s
#include "leaksan_test.h"

int main(int argc, char **argv)
{
    size_t n = strtoul(argv[1], NULL, 0);
    char *p = malloc(n);
    free(p);
    free(p);
    char *a = malloc(n), *b = malloc(n);
    EXPECT(a != NULL && b != NULL && a != b);
    EXPECT(__sanitizer_get_ownership(a) && __sanitizer_get_ownership(b));
    free(a);
    free(b);
    fprintf(stderr, "survived\n");
    return 0;
}

// CHECK-NOT: LeakSanitizer
// CHECK: survived
// CHECK-NOT: LeakSanitizer
