// Tests that threads that set an alternate signal stack of their own (64 KiB, big enough to stay the kernel's) and exit leave none of leaksan's stacks behind: 3000 such threads add a few dozen mappings at most (leaksan's own tables, mapped once), not two per thread.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <signal.h>

static char stacks[4][65536];

static int maps(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    int n = 0, c;
    while ((c = fgetc(f)) != EOF)
        n += c == '\n';
    fclose(f);
    return n;
}

static void *thr(void *a)
{
    stack_t ss = {.ss_sp = stacks[(long)a & 3], .ss_size = 65536, .ss_flags = 0};
    EXPECT(sigaltstack(&ss, NULL) == 0);
    return NULL;
}

int main(void)
{
    int before = maps();
    for (long i = 0; i < 3000; i++) {
        pthread_t t;
        EXPECT(pthread_create(&t, NULL, thr, (void *)(i & 3)) == 0);
        EXPECT(pthread_join(t, NULL) == 0);
    }
    int grew = maps() - before;
    fprintf(stderr, "mappings grew by at most 50: %s (%d)\n", grew <= 50 ? "yes" : "no", grew);
    return 0;
}

// CHECK: mappings grew by at most 50: yes
// CHECK: exit=0
