// Tests that free_aligned_sized (C23) with an alignment that is no power of two, or that the block does not have, is reported as a free-alignment-mismatch, exiting with 23; clang 14's and gcc 12's LSan have no free_aligned_sized (LLVM's newer LSan accepts any alignment silently).
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t not-pow2 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=POW2
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t misaligned 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=MISALIGNED
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((weak)) void free_aligned_sized(void *p, size_t align, size_t size);

int main(int argc, char **argv)
{
    /* two blocks of one class: at least one is not 4096-aligned */
    char *a = aligned_alloc(64, 128), *b = aligned_alloc(64, 128);
    char *p = ((uintptr_t)a & 4095) ? a : b;
    if (!strcmp(argv[1], "not-pow2"))
        free_aligned_sized(p, 24, 128);
    else
        free_aligned_sized(p, 4096, 128);
    fprintf(stderr, "survived\n");
    return 0;
}

// POW2: =================================================================
// POW2-NEXT: =={{[0-9]+}}==ERROR: LeakSanitizer: attempting free_aligned_sized with the wrong alignment on 0x[[ADDR:[0-9a-f]+]] in thread T0:
// POW2-NEXT: {{^}}  alignment passed to free_aligned_sized: 24 bytes, not a power of two: aligned_alloc() accepts no such alignment.
// POW2-NEXT: #0 0x{{[0-9a-f]+}} in free_aligned_sized
// POW2-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}free_aligned_sized_wrong_alignment.c:18{{(:[0-9]+)?$}}
// POW2: 0x[[ADDR]] is located 0 bytes inside of 128-byte region [0x[[ADDR]],
// POW2-NEXT: allocated here:
// POW2-NEXT: #0 0x{{[0-9a-f]+}} in aligned_alloc
// POW2-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}free_aligned_sized_wrong_alignment.c:15{{(:[0-9]+)?$}}
// POW2: SUMMARY: LeakSanitizer: free-alignment-mismatch
// POW2-NOT: survived
// POW2: exit=23

// MISALIGNED: ERROR: LeakSanitizer: attempting free_aligned_sized with the wrong alignment on 0x{{[0-9a-f]+}} in thread T0:
// MISALIGNED-NEXT: {{^}}  alignment passed to free_aligned_sized: 4096 bytes;
// MISALIGNED-NEXT: {{^}}  the block is only {{(128|256|512|1024|2048)}}-byte aligned: it did not come from aligned_alloc(4096, ...).
// MISALIGNED-NEXT: #0 0x{{[0-9a-f]+}} in free_aligned_sized
// MISALIGNED-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}free_aligned_sized_wrong_alignment.c:20{{(:[0-9]+)?$}}
// MISALIGNED: SUMMARY: LeakSanitizer: free-alignment-mismatch
// MISALIGNED-NOT: survived
// MISALIGNED: exit=23
