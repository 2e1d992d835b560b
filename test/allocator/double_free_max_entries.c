// Tests that double_free_max_entries bounds the log of frees in FIFO order as LSan's flag does: with 1 entry the latest free keeps its stack, an older small block's second free is still a double-free without the first free's stack, and an older large block's is a bad free (as in LSan, whose metadata for it is gone too); -1 and 2000000000 draw LSan's warnings.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=detect_leaks=0:detect_double_free=1:double_free_max_entries=1 %run %t remembered 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=REMEMBERED
// RUN: { %env_lsan_opts=detect_leaks=0:detect_double_free=1:double_free_max_entries=1 %run %t evicted-small 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=EVICTED-SMALL
// RUN: { %env_lsan_opts=detect_leaks=0:detect_double_free=1:double_free_max_entries=1 %run %t evicted-large 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=EVICTED-LARGE
// RUN: { %env_lsan_opts=detect_leaks=0:detect_double_free=1:double_free_max_entries=-1 %run %t remembered 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefixes=NEGATIVE,REMEMBERED
// RUN: { %env_lsan_opts=detect_leaks=0:detect_double_free=1:double_free_max_entries=2000000000 %run %t remembered 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefixes=HUGE,REMEMBERED
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int large = !strcmp(argv[1], "evicted-large");
    char *old = malloc(large ? 2 << 20 : 32), *new = malloc(large ? 3 << 20 : 48);
    free(old);
    free(new); /* the only entry now */
    if (!strcmp(argv[1], "remembered"))
        free(new);
    else
        free(old);
    fprintf(stderr, "survived\n");
    return 0;
}

// NEGATIVE: =={{[0-9]+}}==WARNING: LeakSanitizer: double_free_max_entries=-1 is negative, using 0 (the largest log, 4194304 entries) instead.
// HUGE: =={{[0-9]+}}==WARNING: LeakSanitizer: double_free_max_entries=2000000000 is too large, capping it at 4194304.

// REMEMBERED: ERROR: LeakSanitizer: attempting double-free on 0x{{[0-9a-f]+}} in thread T0:
// REMEMBERED-NEXT: The second free occurred here:
// REMEMBERED-NEXT: #0 0x{{[0-9a-f]+}} in free
// REMEMBERED-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free_max_entries.c:19{{(:[0-9]+)?$}}
// REMEMBERED: The first free occurred here:
// REMEMBERED-NEXT: #0 0x{{[0-9a-f]+}} in free
// REMEMBERED-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free_max_entries.c:17{{(:[0-9]+)?$}}
// REMEMBERED: The memory was allocated here:
// REMEMBERED: 48-byte region
// REMEMBERED: SUMMARY: LeakSanitizer: double-free
// REMEMBERED-NOT: survived
// REMEMBERED: exit=23

// EVICTED-SMALL: ERROR: LeakSanitizer: attempting double-free on 0x{{[0-9a-f]+}} in thread T0:
// EVICTED-SMALL-NEXT: The second free occurred here:
// EVICTED-SMALL-NEXT: #0 0x{{[0-9a-f]+}} in free
// EVICTED-SMALL-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free_max_entries.c:21{{(:[0-9]+)?$}}
// EVICTED-SMALL: The first free was not recorded: more than double_free_max_entries=1 frees happened since.
// EVICTED-SMALL-EMPTY:
// EVICTED-SMALL-NEXT: The memory was allocated here:
// EVICTED-SMALL-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// EVICTED-SMALL-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free_max_entries.c:15{{(:[0-9]+)?$}}
// EVICTED-SMALL: 32-byte region
// EVICTED-SMALL: SUMMARY: LeakSanitizer: double-free
// EVICTED-SMALL-NOT: survived
// EVICTED-SMALL: exit=23

// EVICTED-LARGE: ERROR: LeakSanitizer: attempting free on address which was not malloc()-ed: 0x{{[0-9a-f]+}} in thread T0:
// EVICTED-LARGE-NEXT: #0 0x{{[0-9a-f]+}} in free
// EVICTED-LARGE-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_free_max_entries.c:21{{(:[0-9]+)?$}}
// EVICTED-LARGE: SUMMARY: LeakSanitizer: bad-free
// EVICTED-LARGE-NOT: survived
// EVICTED-LARGE: exit=23
