// Tests that free_sized and free_aligned_sized (C23) with a size the block was not allocated with are reported as a free-size-mismatch naming both sizes, the block and its allocation stack, exiting with 23; clang 14's and gcc 12's LSan have no free_sized (LLVM's newer LSan accepts any size silently).
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t sized 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=SIZED
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t large 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=LARGE
// RUN: { %env_lsan_opts=detect_leaks=0 %run %t aligned 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=ALIGNED
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* weak: glibc 2.36 has no C23 sized frees; leaksan provides them */
__attribute__((weak)) void free_sized(void *p, size_t size);
__attribute__((weak)) void free_aligned_sized(void *p, size_t align, size_t size);

int main(int argc, char **argv)
{
    if (!strcmp(argv[1], "sized")) {
        char *p = malloc(100);
        free_sized(p, 64);
    } else if (!strcmp(argv[1], "large")) {
        char *p = calloc(1000, 1000);
        free_sized(p, 1000);
    } else {
        char *p = aligned_alloc(64, 128);
        free_aligned_sized(p, 64, 100);
    }
    fprintf(stderr, "survived\n");
    return 0;
}

// SIZED: =================================================================
// SIZED-NEXT: =={{[0-9]+}}==ERROR: LeakSanitizer: attempting free_sized with the wrong size on 0x[[ADDR:[0-9a-f]+]] in thread T0:
// SIZED-NEXT: {{^}}  size of the allocated block: 100 bytes;
// SIZED-NEXT: {{^}}  size passed to free_sized:   64 bytes.
// SIZED-NEXT: #0 0x{{[0-9a-f]+}} in free_sized
// SIZED-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}free_sized_wrong_size.c:18{{(:[0-9]+)?$}}
// SIZED: 0x[[ADDR]] is located 0 bytes inside of 100-byte region [0x[[ADDR]],
// SIZED-NEXT: allocated here:
// SIZED-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// SIZED-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}free_sized_wrong_size.c:17{{(:[0-9]+)?$}}
// SIZED: SUMMARY: LeakSanitizer: free-size-mismatch
// SIZED-NOT: survived
// SIZED: exit=23

// LARGE: ERROR: LeakSanitizer: attempting free_sized with the wrong size on 0x{{[0-9a-f]+}} in thread T0:
// LARGE-NEXT: {{^}}  size of the allocated block: 1000000 bytes;
// LARGE-NEXT: {{^}}  size passed to free_sized:   1000 bytes.
// LARGE-NEXT: #0 0x{{[0-9a-f]+}} in free_sized
// LARGE-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}free_sized_wrong_size.c:21{{(:[0-9]+)?$}}
// LARGE: allocated here:
// LARGE-NEXT: #0 0x{{[0-9a-f]+}} in calloc
// LARGE: SUMMARY: LeakSanitizer: free-size-mismatch
// LARGE-NOT: survived
// LARGE: exit=23

// ALIGNED: ERROR: LeakSanitizer: attempting free_aligned_sized with the wrong size on 0x{{[0-9a-f]+}} in thread T0:
// ALIGNED-NEXT: {{^}}  size of the allocated block: 128 bytes;
// ALIGNED-NEXT: {{^}}  size passed to free_aligned_sized: 100 bytes.
// ALIGNED-NEXT: #0 0x{{[0-9a-f]+}} in free_aligned_sized
// ALIGNED-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}free_sized_wrong_size.c:24{{(:[0-9]+)?$}}
// ALIGNED: allocated here:
// ALIGNED-NEXT: #0 0x{{[0-9a-f]+}} in aligned_alloc
// ALIGNED: SUMMARY: LeakSanitizer: free-size-mismatch
// ALIGNED-NOT: survived
// ALIGNED: exit=23
