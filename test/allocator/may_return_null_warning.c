// Tests that allocator_may_return_null=1 prints LSan's one-line warning, with its exact text, each time a size above the limit makes an allocation function return NULL, and nothing when count * size overflows, pvalloc's rounding overflows or the alignment is impossible; clang 14's and gcc 12's LSan print the same lines.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0:allocator_may_return_null=1 %run %t 2>&1 | FileCheck %s --match-full-lines
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    const size_t huge = (size_t)1 << 45;
    void *p = malloc(16), *q;
    fprintf(stderr, "malloc %d\n", malloc(huge) == NULL);
    fprintf(stderr, "calloc %d\n", calloc(huge >> 4, 16) == NULL);
    fprintf(stderr, "calloc-overflow %d\n", calloc((size_t)1 << 40, (size_t)1 << 30) == NULL);
    fprintf(stderr, "realloc %d\n", realloc(p, huge) == NULL);
    fprintf(stderr, "reallocarray %d\n", reallocarray(p, huge >> 5, 32) == NULL);
    fprintf(stderr, "reallocarray-overflow %d\n", reallocarray(p, (size_t)1 << 40, (size_t)1 << 30) == NULL);
    fprintf(stderr, "aligned_alloc %d\n", aligned_alloc(64, huge) == NULL);
    fprintf(stderr, "posix_memalign %d\n", posix_memalign(&q, 64, huge));
    fprintf(stderr, "memalign %d\n", memalign(64, huge) == NULL);
    fprintf(stderr, "memalign-alignment %d\n", memalign(huge, 16) == NULL);
    fprintf(stderr, "valloc %d\n", valloc(huge) == NULL);
    fprintf(stderr, "pvalloc-overflow %d\n", pvalloc((size_t)-100) == NULL);
    free(p);
    fprintf(stderr, "done\n");
    return 0;
}

// CHECK: =={{[0-9]+}}==WARNING: LeakSanitizer failed to allocate 0x200000000000 bytes
// CHECK-NEXT: malloc 1
// CHECK-NEXT: =={{[0-9]+}}==WARNING: LeakSanitizer failed to allocate 0x200000000000 bytes
// CHECK-NEXT: calloc 1
// CHECK-NEXT: calloc-overflow 1
// CHECK-NEXT: =={{[0-9]+}}==WARNING: LeakSanitizer failed to allocate 0x200000000000 bytes
// CHECK-NEXT: realloc 1
// CHECK-NEXT: =={{[0-9]+}}==WARNING: LeakSanitizer failed to allocate 0x200000000000 bytes
// CHECK-NEXT: reallocarray 1
// CHECK-NEXT: reallocarray-overflow 1
// CHECK-NEXT: =={{[0-9]+}}==WARNING: LeakSanitizer failed to allocate 0x200000000000 bytes
// CHECK-NEXT: aligned_alloc 1
// CHECK-NEXT: =={{[0-9]+}}==WARNING: LeakSanitizer failed to allocate 0x200000000000 bytes
// CHECK-NEXT: posix_memalign 12
// CHECK-NEXT: =={{[0-9]+}}==WARNING: LeakSanitizer failed to allocate 0x200000000000 bytes
// CHECK-NEXT: memalign 1
// CHECK-NEXT: memalign-alignment 1
// CHECK-NEXT: =={{[0-9]+}}==WARNING: LeakSanitizer failed to allocate 0x200000000000 bytes
// CHECK-NEXT: valloc 1
// CHECK-NEXT: pvalloc-overflow 1
// CHECK-NEXT: done
