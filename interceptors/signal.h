/* The signal interceptors (signal.c). */
#ifndef LSAN_INTERCEPTORS_SIGNAL_H
#define LSAN_INTERCEPTORS_SIGNAL_H

#include <signal.h>

/* libc's sigaction, looked up at the first call. */
int lsan_signal_real_sigaction(int sig, const struct sigaction *act, struct sigaction *old);

#endif
