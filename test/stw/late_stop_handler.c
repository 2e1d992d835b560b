// Tests that a thread whose stop handler runs late, after the check gave up on it and resumed the others, goes back to work at once instead of waiting in the handler until the next stop (or the 10-minute deadline), and that the next check stops it. A seccomp user-notification filter holds the thread inside the handler (at its gettid call) until the first check has failed; the ptrace backend never runs that handler, so its first check just succeeds.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=stop_the_world_timeout_ms=500:leak_check_at_exit=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

struct shared {
    volatile int hold, quit, held, done;
};
static struct shared *sh;
static volatile int listener = -1;
static volatile unsigned long counter;
static void *volatile sink;

/* gettid from this thread on waits for the supervisor's answer */
static int filter_gettid(void)
{
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_gettid, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {sizeof(f) / sizeof(f[0]), f};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
        return -1;
    return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
                        &prog);
}

static void *worker(void *arg)
{
    listener = filter_gettid();
    while (!sh->quit)
        counter++;
    return arg;
}

/* In a child process, so no check stops it: lets each gettid go on, but
 * holds the ones that come while sh->hold is set until it is cleared. It
 * answers until the worker has been joined (sh->done): a gettid the worker
 * makes on its way out must not wait for a supervisor that is gone. */
static void supervise(int fd)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    while (!sh->done) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 100) <= 0)
            continue;
        struct seccomp_notif req;
        struct seccomp_notif_resp resp;
        memset(&req, 0, sizeof(req));
        if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) != 0)
            continue;
        if (sh->hold)
            sh->held = 1;
        while (sh->hold && !sh->done)
            usleep(1000);
        memset(&resp, 0, sizeof(resp));
        resp.id = req.id;
        resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
        ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
    }
    _exit(0);
}

static int running(void)
{
    unsigned long before = counter;
    for (int i = 0; i < 300 && counter == before; i++)
        usleep(10000);
    return counter != before;
}

int main(void)
{
    sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    EXPECT(sh != MAP_FAILED);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (listener == -1)
        usleep(1000);
    EXPECT(listener >= 0);
    pid_t child = fork();
    if (child == 0)
        supervise(listener);
    EXPECT(running());

    sh->hold = 1;
    __lsan_do_recoverable_leak_check(); // the signal backend gives up on the held worker
    sh->hold = 0;
    fprintf(stderr, "worker running: %s\n", running() ? "yes" : "no");

    sink = malloc(33);
    sink = NULL;
    fprintf(stderr, "second check: %d\n", __lsan_do_recoverable_leak_check());
    sh->quit = 1;
    pthread_join(t, NULL);
    sh->done = 1;
    kill(child, SIGKILL); /* its RECV may wait for a notification a stop withdrew */
    waitpid(child, NULL, 0);
    return 0;
}

// CHECK: worker running: yes
// CHECK: Direct leak of 33 byte(s) in 1 object(s) allocated from:
// CHECK: second check: 1
// CHECK: exit=0
