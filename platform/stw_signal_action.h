/* The signal backend's own stop signals: which ones (SIGURG, or the
 * real-time one it takes for a program that handles SIGURG itself, or
 * stop_the_world_signal), and the program's actions for them, kept and
 * honoured while the backend's handler is installed. */
#ifndef LSAN_PLATFORM_STW_SIGNAL_ACTION_H
#define LSAN_PLATFORM_STW_SIGNAL_ACTION_H

#include <signal.h>
#include <stdbool.h>

#include "platform/sys.h"

#include "platform/stw.h"

/* The main stop signal: the configuration's stop_the_world_signal, or
 * SIGURG. Kept once the backends are configured. */
int lsan_stw_signal_action_number(void);
/* The signal backend's validate: 0 if stop_the_world_signal names a signal
 * the backend can own; otherwise -EINVAL and why says what is wrong. */
int lsan_stw_signal_action_validate(const struct lsan_stw_config *config, char *why,
                                    size_t why_len);

/* Before a stop, in normal context: our handler owns the main stop signal
 * (lsan_stw_signal_action_number), and also a real-time one when the program
 * handles the main one itself and it is SIGURG by default; not under a
 * tracer (traced). Returns that real-time signal, 0 for none, or -errno with
 * why set. */
int lsan_stw_signal_action_install(bool traced, char *why, size_t why_len);

/* In our handler, for a signal that is not one of our stops: what the
 * program's action for it says (its handler, SIG_IGN, or the default). */
void lsan_stw_signal_action_program_async(int sig, siginfo_t *info, void *uctx);

/* For the sigaction interceptor: 0 if sig is not (and cannot become) ours,
 * else 1 with *ret set. */
int lsan_stw_signal_action_intercept(int sig, const struct sigaction *act, struct sigaction *old,
                                     int *ret);

/* In a fork child: no writer of an action is left. */
void lsan_stw_signal_action_after_fork_child(void);

#endif
