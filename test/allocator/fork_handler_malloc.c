// Tests that fork() does not hang when a library whose constructor ran before leaksan's registered fork handlers that allocate: leaksan's prepare handler runs after them and its child handler before them (LSan hangs the same way where its handler is registered late).
// RUN: %clang -shared -fPIC -DBUILD_LIB %s -o %t.so
// RUN: %clang %s %t.so -Wl,-rpath,%T -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#ifdef BUILD_LIB
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void *volatile lib_blocks[3];

static void prepare(void) { lib_blocks[0] = malloc(32); }
static void parent(void) { lib_blocks[1] = malloc(48); }
static void child(void) { lib_blocks[2] = malloc(64); }

__attribute__((constructor)) static void early(void)
{
    pthread_atfork(prepare, parent, child);
}
#else
#include "leaksan_test.h"
#include <signal.h>
#include <sys/wait.h>

extern void *volatile lib_blocks[3];

int main(void)
{
    alarm(30); /* a hang ends the test, not the suite */
    pid_t pid = fork();
    EXPECT(pid >= 0);
    if (pid == 0) {
        EXPECT(lib_blocks[0] && lib_blocks[2] && !lib_blocks[1]);
        void *p = malloc(100);
        EXPECT(p);
        free(p);
        _exit(7);
    }
    int st;
    EXPECT(waitpid(pid, &st, 0) == pid);
    EXPECT(lib_blocks[0] && lib_blocks[1] && !lib_blocks[2]);
    fprintf(stderr, "child status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
#endif

// CHECK: child status 7
// CHECK-NOT: leak of
// CHECK: exit=0
