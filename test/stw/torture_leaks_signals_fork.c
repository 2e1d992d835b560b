// Tests that recoverable checks in a loop, while threads are created, detached, joined and exit, signals arrive, and the program forks, report exactly the blocks leaked so far and nothing else: each check's SUMMARY (read back from log_path by the program) names every leaked block and no reachable one, and nothing hangs.
// RUN: %clang %s -o %t
// RUN: rm -f %t.log.*
// RUN: { %env_lsan_opts=log_path=%t.log %run %t %t.log 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "clear_stack.h"

#define CHECKS 40
#define CHURNERS 2
#define SLOTS 32
#define MAX_TIDS 64

static volatile int stop;
static volatile sig_atomic_t signals_seen;
static int forks, clean_children;
static uintptr_t hidden[CHECKS]; /* the leaked blocks, complemented */
static int tids[MAX_TIDS];

static void on_usr1(int sig) { signals_seen++; }

static void note_tid(void)
{
    int tid = (int)syscall(SYS_gettid);
    for (int i = 0; i < MAX_TIDS; i++) {
        int zero = 0;
        if (__atomic_compare_exchange_n(&tids[i], &zero, tid, 0, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return;
    }
}

/* Every block a churner holds is in its table on the heap, held by its stack. */
static void *churn(void *arg)
{
    note_tid();
    unsigned seed = (unsigned)(uintptr_t)arg;
    void **table = calloc(SLOTS, sizeof(void *));
    while (!stop) {
        unsigned k = rand_r(&seed) % SLOTS;
        size_t n = 16 + rand_r(&seed) % 600;
        free(table[k]);
        table[k] = malloc(n);
        memset(table[k], 1, n);
    }
    for (int i = 0; i < SLOTS; i++)
        free(table[i]);
    free(table);
    return NULL;
}

static void *brief(void *arg)
{
    void *p = malloc(48);
    memset(p, 2, 48);
    return p; /* a root until joined */
}

static void *brief_detached(void *arg)
{
    void *volatile p = malloc(80);
    memset(p, 3, 80);
    free(p);
    return NULL;
}

static void *spawner(void *arg)
{
    while (!stop) {
        pthread_t t, d;
        if (pthread_create(&t, NULL, brief, NULL) == 0) {
            void *r;
            pthread_join(t, &r);
            free(r);
        }
        if (pthread_create(&d, NULL, brief_detached, NULL) == 0)
            pthread_detach(d);
    }
    return NULL;
}

/* SIGUSR1 to the long-lived threads, every 200 microseconds. */
static void *signaller(void *arg)
{
    while (!stop) {
        for (int i = 0; i < MAX_TIDS; i++) {
            int tid = __atomic_load_n(&tids[i], __ATOMIC_SEQ_CST);
            if (tid)
                syscall(SYS_tgkill, getpid(), tid, SIGUSR1);
        }
        usleep(200);
    }
    return NULL;
}

static void *forker(void *arg)
{
    note_tid();
    while (!stop) {
        pid_t pid = fork();
        if (pid == 0) {
            char *p = malloc(1000);
            memset(p, 1, 1000);
            free(p);
            _exit(0); /* the parent's leaks are not this child's to report */
        }
        if (pid > 0) {
            int st;
            EXPECT(waitpid(pid, &st, 0) == pid);
            forks++;
            clean_children += WIFEXITED(st) && WEXITSTATUS(st) == 0;
        }
        usleep(5000);
    }
    return NULL;
}

/* Leaks block i (100 + i bytes) in a thread of its own: nothing but the
 * complemented copy in hidden[] remembers it. */
static void *leaker(void *arg)
{
    long i = (long)arg;
    char *p = malloc(100 + i);
    memset(p, 4, 100 + i);
    hidden[i] = ~(uintptr_t)p;
    p = NULL;
    clear_stack();
    return NULL;
}

/* The last SUMMARY line of this process's log. */
static void last_summary(const char *log, char *out, size_t len)
{
    char path[512], buf[1 << 16];
    snprintf(path, sizeof(path), "%s.%d", log, (int)getpid());
    int fd = open(path, O_RDONLY);
    EXPECT(fd >= 0);
    size_t have = 0;
    out[0] = 0;
    for (;;) {
        ssize_t n = read(fd, buf + have, sizeof(buf) - 1 - have);
        if (n <= 0)
            break;
        have += (size_t)n;
        buf[have] = 0;
        char *line = buf, *nl;
        while ((nl = strchr(line, '\n'))) {
            *nl = 0;
            if (!strncmp(line, "SUMMARY:", 8))
                snprintf(out, len, "%s", line);
            line = nl + 1;
        }
        have = strlen(line);
        memmove(buf, line, have);
    }
    close(fd);
}

int main(int argc, char **argv)
{
    EXPECT(argc == 2);
    alarm(100); /* a hang ends the test, not the suite */
    struct sigaction sa = {0};
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    pthread_t c[CHURNERS], s, sig, f;
    for (int i = 0; i < CHURNERS; i++)
        pthread_create(&c[i], NULL, churn, (void *)(uintptr_t)(i + 1));
    pthread_create(&s, NULL, spawner, NULL);
    pthread_create(&f, NULL, forker, NULL);
    pthread_create(&sig, NULL, signaller, NULL);
    unsigned long bytes = 0;
    int wrong = 0, failed = 0;
    for (long i = 0; i < CHECKS; i++) {
        pthread_t l;
        pthread_create(&l, NULL, leaker, (void *)i);
        pthread_join(l, NULL);
        bytes += 100 + i;
        int r = __lsan_do_recoverable_leak_check();
        failed += r != 1;
        char got[256], want[256];
        last_summary(argv[1], got, sizeof(got));
        snprintf(want, sizeof(want),
                 "SUMMARY: LeakSanitizer: %lu byte(s) leaked in %ld allocation(s).", bytes, i + 1);
        if (strcmp(got, want)) {
            fprintf(stderr, "check %ld: got '%s', want '%s'\n", i, got, want);
            wrong++;
        }
        usleep(10000);
    }
    stop = 1;
    for (int i = 0; i < CHURNERS; i++)
        pthread_join(c[i], NULL);
    pthread_join(s, NULL);
    pthread_join(f, NULL);
    pthread_join(sig, NULL);
    fprintf(stderr, "checks=%d wrong=%d failed=%d forks_clean=%d signals=%d\n", CHECKS, wrong,
            failed, forks > 0 && forks == clean_children, signals_seen > 0);
    for (int i = 0; i < CHECKS; i++)
        free((void *)~hidden[i]);
    return 0;
}

// CHECK-NOT: got '
// CHECK: checks=40 wrong=0 failed=0 forks_clean=1 signals=1
// CHECK: exit=0
