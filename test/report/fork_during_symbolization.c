// Tests that a child forked while the parent symbolizes its report names the frames of its own report (module, function), instead of printing every frame as (<unknown module>) because the parent's batch was cut short by the fork.
// RUN: %clang %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <pthread.h>
#include <string.h>
#include <sys/wait.h>

#define FORKS 12

static void *volatile sink;
static volatile int stop;
static int unknown_children, children;

__attribute__((noinline)) static void leak_once(void)
{
    sink = malloc(61);
    sink = NULL;
}

static void *forker(void *arg)
{
    while (!stop && children < FORKS) {
        int fds[2];
        EXPECT(pipe(fds) == 0);
        pid_t pid = fork();
        if (pid == 0) {
            /* the child's report goes to the pipe, to be read by the parent */
            dup2(fds[1], 2);
            close(fds[0]);
            __lsan_do_recoverable_leak_check();
            _exit(0);
        }
        close(fds[1]);
        char buf[1 << 15];
        size_t have = 0;
        ssize_t n;
        while ((n = read(fds[0], buf + have, sizeof(buf) - 1 - have)) > 0)
            have += (size_t)n;
        buf[have] = 0;
        close(fds[0]);
        EXPECT(waitpid(pid, NULL, 0) == pid);
        children++;
        EXPECT(strstr(buf, "Direct leak of 61 byte(s)"));
        unknown_children += strstr(buf, "<unknown module>") != NULL;
    }
    return arg;
}

int main(void)
{
    leak_once();
    pthread_t t;
    pthread_create(&t, NULL, forker, NULL);
    while (children < FORKS)
        __lsan_do_recoverable_leak_check(); /* each one symbolizes */
    stop = 1;
    pthread_join(t, NULL);
    fprintf(stderr, "children=%d with unknown modules=%d\n", children, unknown_children);
    __lsan_disable();
    _exit(0);
}

// CHECK: children=12 with unknown modules=0
// CHECK: exit=0
