// Tests that a signal handler calling sigaction() while the flags are being parsed (here: a signal raised from inside __lsan_default_options()) does not see them half-parsed: the handler runs once parsing is done, so the signal backend takes stop_the_world_signal=12 from LSAN_OPTIONS rather than the default SIGURG (leaksan marked the flags parsed before parsing them; LSan has no sigaction interceptor that reads flags).
// RUN: %clang %s -rdynamic -o %t
// RUN: { %env_lsan_opts=stop_the_world=signal:stop_the_world_signal=12 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"

#include <signal.h>
#include <string.h>
#include <sys/syscall.h>

int __sigaction(int, const struct sigaction *, struct sigaction *);

static volatile int in_options, handler_ran, handler_saw_parse;

static void on_usr1(int sig)
{
    (void)sig;
    handler_ran = 1;
    handler_saw_parse = in_options;
    /* through leaksan's interceptor, which asks for the stop signal */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_IGN;
    sigaction(SIGWINCH, &sa, NULL);
}

const char *__lsan_default_options(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    __sigaction(SIGUSR1, &sa, NULL); /* libc's own, not intercepted */
    in_options = 1;
    syscall(SYS_tgkill, (int)getpid(), (int)syscall(SYS_gettid), SIGUSR1);
    in_options = 0;
    return "";
}

/* 1 if the process catches signal `sig`, from /proc/self/status SigCgt */
static int caught(int sig)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    unsigned long long mask = 0;
    while (f && fgets(line, sizeof(line), f))
        if (!strncmp(line, "SigCgt:", 7))
            mask = strtoull(line + 7, NULL, 16);
    if (f)
        fclose(f);
    return (int)((mask >> (sig - 1)) & 1);
}

int main(void)
{
    __lsan_do_recoverable_leak_check();
    printf("handler ran=%d during parse=%d; catches 12=%d SIGURG=%d\n", handler_ran,
           handler_saw_parse, caught(12), caught(SIGURG));
    return 0;
}

// CHECK: handler ran=1 during parse=0; catches 12=1 SIGURG=0
// CHECK: exit=0
