// Tests that fork() from another thread while checks run leaves children that allocate and exit cleanly (their own exit check finds nothing), with no hang and no false leak in the parent.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <string.h>
#include <sys/wait.h>

static volatile int stop;
static int forks, clean;

static void *forker(void *arg)
{
    while (!stop) {
        pid_t pid = fork();
        if (pid == 0) {
            char *p = malloc(1000);
            memset(p, 1, 1000);
            free(p);
            exit(0);
        }
        int st;
        EXPECT(waitpid(pid, &st, 0) == pid);
        forks++;
        clean += WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, forker, NULL);
    int leaks = 0;
    for (int i = 0; i < 50; i++)
        leaks += __lsan_do_recoverable_leak_check();
    stop = 1;
    pthread_join(t, NULL);
    printf("leaks=%d all_children_clean=%d\n", leaks, forks > 0 && forks == clean);
    return 0;
}

// CHECK-NOT: leak of
// CHECK: leaks=0 all_children_clean=1
// CHECK: exit=0
