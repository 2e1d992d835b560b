/* measure: run a command N times in a row and report what the kernel saw.
 * Usage: measure [-n N] [-e NAME=VALUE]... -- PROGRAM ARGS...
 * The -e variables are set in the child only, so an LD_PRELOAD'ed runtime
 * never loads into measure itself. The child's stdout/stderr pass through.
 * Prints one line: wall_ms_per_run=... maxrss_kb=... (largest of the runs)
 * status=ok, or status=exit:N / status=signal:N for the first failing run. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    long runs = 1;
    char *env[64];
    int nenv = 0;
    int opt;
    while ((opt = getopt(argc, argv, "+n:e:")) != -1) {
        if (opt == 'n' && (runs = atol(optarg)) > 0)
            continue;
        if (opt == 'e' && nenv < 64 && strchr(optarg, '=')) {
            env[nenv++] = optarg;
            continue;
        }
        fprintf(stderr, "usage: measure [-n RUNS] [-e NAME=VALUE]... -- PROGRAM ARGS...\n");
        return 2;
    }
    if (optind >= argc) {
        fprintf(stderr, "measure: no program given\n");
        return 2;
    }

    long maxrss = 0;
    char status[32] = "ok";
    double t0 = now_s();
    for (long i = 0; i < runs; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("measure: fork");
            return 1;
        }
        if (pid == 0) {
            for (int e = 0; e < nenv; e++)
                putenv(env[e]);
            execvp(argv[optind], argv + optind);
            perror("measure: exec");
            _exit(127);
        }
        int st;
        struct rusage ru;
        if (wait4(pid, &st, 0, &ru) < 0) {
            perror("measure: wait4");
            return 1;
        }
        if (ru.ru_maxrss > maxrss)
            maxrss = ru.ru_maxrss;
        if (!strcmp(status, "ok")) {
            if (WIFSIGNALED(st))
                snprintf(status, sizeof status, "signal:%d", WTERMSIG(st));
            else if (WEXITSTATUS(st))
                snprintf(status, sizeof status, "exit:%d", WEXITSTATUS(st));
        }
    }
    double t1 = now_s();
    fflush(stdout);
    printf("wall_ms_per_run=%.4f maxrss_kb=%ld status=%s\n", (t1 - t0) * 1e3 / runs, maxrss,
           status);
    return 0;
}
