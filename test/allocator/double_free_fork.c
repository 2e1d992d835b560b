// Tests that the free log works on both sides of a fork() taken while another thread frees small and large blocks in a loop: the children keep allocating without deadlock and a child's double free of a large block is still reported as a double-free; clang 14's and gcc 12's LSan have no double-free check to compare.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t 2>&1 | FileCheck %s
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int stop;

static void *churn(void *arg)
{
    while (!stop) {
        void *small = malloc(32), *large = malloc(1 << 20);
        free(small);
        free(large);
    }
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, churn, NULL);
    for (int i = 0; i < 8; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            for (int j = 0; j < 64; j++)
                free(malloc(1 << 20));
            if (i == 7) {
                char *p = malloc(3 << 20);
                free(p);
                free(p);
            }
            _exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        fprintf(stderr, "child %d: exit %d\n", i, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    stop = 1;
    pthread_join(t, NULL);
    fprintf(stderr, "done\n");
    return 0;
}

// CHECK: child 0: exit 0
// CHECK: child 6: exit 0
// CHECK: ERROR: LeakSanitizer: attempting double-free on 0x{{[0-9a-f]+}} in thread T0:
// CHECK-NEXT: The second free occurred here:
// CHECK: The first free occurred here:
// CHECK: The memory was allocated here:
// CHECK: 3145728-byte region
// CHECK: SUMMARY: LeakSanitizer: double-free
// CHECK: child 7: exit 23
// CHECK: done
