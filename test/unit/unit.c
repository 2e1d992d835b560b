/* leaksan's unit tests (harness in unit.h): runs every test
 * of the tables in unit_*.c, or one mode the tests run the binary again in.
 *   leaksan_unit                 all tests; exit 1 if any failed
 *   leaksan_unit NAME...         the tests whose names contain NAME
 *   leaksan_unit --print-flags   (for the flag tests) the flags leaksan parsed */
#include "test/unit/unit.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const struct unit_test *const groups[] = {unit_alloc_tests, unit_flags_tests,
                                                 unit_suppress_tests};
static bool failed;
static const char *self_path;

void unit_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "  %s:%d: ", file, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    failed = true;
}

/* Reads both pipes until the child closes them or 20 s pass (then kills it). */
static void drain(int fd_out, int fd_err, char *out, int out_len, char *err, int err_len,
                  pid_t pid)
{
    int n_out = 0, n_err = 0;
    struct pollfd p[2] = {{fd_out, POLLIN, 0}, {fd_err, POLLIN, 0}};
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (p[0].fd >= 0 || p[1].fd >= 0) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec > 20) {
            kill(pid, SIGKILL);
            break;
        }
        if (poll(p, 2, 1000) < 0)
            break;
        for (int i = 0; i < 2; i++) {
            if (p[i].fd < 0 || !p[i].revents)
                continue;
            char *buf = i ? err : out;
            int *n = i ? &n_err : &n_out, cap = (i ? err_len : out_len) - 1;
            char sink[256];
            ssize_t r = *n < cap ? read(p[i].fd, buf + *n, (size_t)(cap - *n))
                                 : read(p[i].fd, sink, sizeof(sink));
            if (r <= 0) {
                close(p[i].fd);
                p[i].fd = -1;
            } else if (*n < cap) {
                *n += (int)r;
            }
        }
    }
    for (int i = 0; i < 2; i++)
        if (p[i].fd >= 0)
            close(p[i].fd);
    out[n_out] = 0;
    err[n_err] = 0;
}

bool unit_run_self(const char *options, int *status, char *out, int out_len, char *err,
                   int err_len)
{
    int po[2], pe[2];
    if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC))
        return false;
    char opts[512];
    snprintf(opts, sizeof(opts), "LSAN_OPTIONS=%s", options);
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        dup2(po[1], 1);
        dup2(pe[1], 2);
        char *argv[] = {(char *)self_path, "--print-flags", NULL};
        char *envp[] = {opts, NULL};
        execve(self_path, argv, envp);
        _exit(127);
    }
    close(po[1]);
    close(pe[1]);
    drain(po[0], pe[0], out, out_len, err, err_len, pid);
    int st;
    if (waitpid(pid, &st, 0) != pid)
        return false;
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return true;
}

static bool selected(const char *name, int argc, char **argv)
{
    if (argc < 2)
        return true;
    for (int i = 1; i < argc; i++)
        if (strstr(name, argv[i]))
            return true;
    return false;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "--print-flags"))
        return unit_flags_print();
    self_path = "/proc/self/exe";
    static char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = 0;
        self_path = exe;
    }
    int n_pass = 0, n_fail = 0;
    for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
        for (const struct unit_test *t = groups[g]; t->name; t++) {
            if (!selected(t->name, argc, argv))
                continue;
            failed = false;
            t->fn();
            printf("%s: %s\n", failed ? "FAIL" : "PASS", t->name);
            fflush(stdout);
            if (failed)
                n_fail++;
            else
                n_pass++;
        }
    }
    printf("unit: %d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
