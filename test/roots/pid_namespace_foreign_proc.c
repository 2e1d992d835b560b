// Tests that in a PID namespace whose /proc is the parent's (unshare -p -f without --mount-proc) a check says /proc belongs to another namespace and fails, instead of skipping every other thread and reporting what they hold as leaks; a single-threaded process is still checked (clang's LSan reports the held block as a leak there).
// REQUIRES: root
// RUN: %clang %s -o %t
// RUN: { unshare -p -f %run %t thread 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=THREAD
// RUN: { unshare -p -f %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=SINGLE
#include "leaksan_test.h"
#include <pthread.h>
#include <string.h>

#include "holder_thread.h"

static void *volatile sink;

static void *holder(void *arg)
{
    char *volatile p = malloc(555);
    memset(p, 2, 555);
    hold_until_checked();
    free(p);
    return arg;
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        int r = check_while_held(holder);
        fprintf(stderr, "check returned %d\n", r);
        return 0;
    }
    sink = malloc(444);
    sink = NULL;
    return 0;
}

// THREAD: leaksan: /proc belongs to another PID namespace: it calls this process {{[0-9]+}}, the kernel {{[0-9]+}}, so its 2 threads cannot be found and stopped; mount a /proc for this namespace (unshare --mount-proc, or mount -t proc proc /proc)
// THREAD-NOT: leak of
// THREAD: check returned -1
// THREAD: exit=0

// SINGLE: Direct leak of 444 byte(s) in 1 object(s) allocated from:
// SINGLE-NOT: leak of
// SINGLE: SUMMARY: LeakSanitizer: 444 byte(s) leaked in 1 allocation(s).
// SINGLE: exit=23
