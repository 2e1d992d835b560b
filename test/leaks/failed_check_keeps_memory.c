// Tests that a leak check whose scan tables cannot all be mapped (RLIMIT_AS lowered after start-up to leave 0 or 3 pages, then every 3rd page count up to 600 with the checks' messages silenced) fails cleanly, unmapping only what it mapped: a non-PIE program's text and globals stay, and the next check reports the leak with exact bytes. LLVM's LSan, whose check needs fewer buffers, reports the leak in the first check already; a check that cannot get its memory may fail, it must not break the program.
// RUN: %clang -no-pie -fno-pie %s -o %t
// RUN: { %run %t 0 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %run %t 3 2>&1; echo "exit=$?"; } | FileCheck %s
// RUN: { %run %t sweep 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=SWEEP
#include "leaksan_test.h"
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>

static char marker[64] = "globals intact";
static uintptr_t hidden;

/* bytes of address space in use: VmSize from /proc/self/status */
static unsigned long vm_size(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    EXPECT(f);
    char line[256];
    unsigned long kb = 0;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "VmSize: %lu kB", &kb) == 1)
            break;
    fclose(f);
    EXPECT(kb);
    return kb * 1024;
}

/* grows the stack now: it cannot grow once the limit is down */
__attribute__((noinline)) static void grow_stack(void)
{
    volatile char buf[512 << 10];
    for (size_t i = 0; i < sizeof(buf); i += 4096)
        buf[i] = 1;
}

/* one check per limit, each failing at a later table as the limit rises */
static void sweep(void)
{
    struct rlimit old;
    EXPECT(getrlimit(RLIMIT_AS, &old) == 0);
    int err = dup(2), null = open("/dev/null", O_WRONLY);
    EXPECT(err >= 0 && null >= 0);
    unsigned long base = vm_size();
    for (unsigned long pages = 0; pages <= 600; pages += 3) {
        EXPECT(dup2(null, 2) == 2);
        struct rlimit low = {base + pages * (unsigned long)getpagesize(), old.rlim_max};
        EXPECT(setrlimit(RLIMIT_AS, &low) == 0);
        __lsan_do_recoverable_leak_check();
        EXPECT(setrlimit(RLIMIT_AS, &old) == 0);
        EXPECT(dup2(err, 2) == 2);
        EXPECT(strcmp(marker, "globals intact") == 0);
    }
    fprintf(stderr, "after the sweep: %s\n", marker);
    fprintf(stderr, "check returned %d\n", __lsan_do_recoverable_leak_check());
    free((void *)~hidden);
}

int main(int argc, char **argv)
{
    EXPECT(argc == 2);
    hidden = ~(uintptr_t)malloc(37);
    grow_stack();
    if (!strcmp(argv[1], "sweep")) {
        sweep();
        return 0;
    }
    unsigned long spare = strtoul(argv[1], NULL, 10) * (unsigned long)getpagesize();
    struct rlimit old;
    EXPECT(getrlimit(RLIMIT_AS, &old) == 0);
    struct rlimit low = {vm_size() + spare, old.rlim_max};
    EXPECT(setrlimit(RLIMIT_AS, &low) == 0);
    int r = __lsan_do_recoverable_leak_check();
    EXPECT(setrlimit(RLIMIT_AS, &old) == 0);
    fprintf(stderr, "check returned %d; %s\n", r, marker);
    EXPECT(strcmp(marker, "globals intact") == 0);
    r = __lsan_do_recoverable_leak_check();
    fprintf(stderr, "second check returned %d\n", r);
    free((void *)~hidden);
    return 0;
}

// CHECK: leaksan: cannot map
// CHECK: the leak check failed (errno 12
// CHECK-NEXT: check returned -1; globals intact
// CHECK: Direct leak of 37 byte(s) in 1 object(s) allocated from:
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 37 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: second check returned 1
// CHECK-NEXT: exit=0

// SWEEP: after the sweep: globals intact
// SWEEP-EMPTY:
// SWEEP-NEXT: =================================================================
// SWEEP: Direct leak of 37 byte(s) in 1 object(s) allocated from:
// SWEEP-NOT: leak of
// SWEEP: SUMMARY: LeakSanitizer: 37 byte(s) leaked in 1 allocation(s).
// SWEEP-NEXT: check returned 1
// SWEEP-NEXT: exit=0
