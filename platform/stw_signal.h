/* The signal stop-the-world backend (lsan_stw_signal in stw.h): its stop
 * handler, which stw_signal_action.c installs as the action of every signal
 * the backend owns. */
#ifndef LSAN_PLATFORM_STW_SIGNAL_H
#define LSAN_PLATFORM_STW_SIGNAL_H

#include <signal.h>

/* Serves a stop when the signal is one of the backend's (or merged with
 * one), else runs the program's action for it. */
void lsan_stw_signal_handler_async(int sig, siginfo_t *info, void *uctx);

#endif
