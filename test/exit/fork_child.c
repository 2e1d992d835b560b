// Tests that a forked child exiting normally runs its own check: it reports its own leak under its own pid, not the parent's later leak, and exits 23; the parent reports only its own.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <sys/wait.h>

void *volatile sink;

int main(void)
{
    fflush(stderr);
    pid_t child = fork();
    EXPECT(child >= 0);
    if (child == 0) {
        sink = malloc(204); /* the child's own leak */
        sink = NULL;
        return 0;
    }
    sink = malloc(205); /* the parent's, after the fork */
    sink = NULL;
    int status;
    EXPECT(waitpid(child, &status, 0) == child);
    fprintf(stderr, "parent=%d child=%d child exit=%d\n", (int)getpid(), (int)child,
            WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 204 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}fork_child.c:15{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 204 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: parent=[[PARENT:[0-9]+]] child=[[CHILD:[0-9]+]] child exit=23
// CHECK-EMPTY:
// CHECK-NEXT: =================================================================
// CHECK-NEXT: ==[[PARENT]]==ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 205 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}fork_child.c:19{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 205 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
