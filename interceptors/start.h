/* Start-up from the interceptors' side (start.c): the runtime is started,
 * and handed what it needs from libc, by the interceptors' constructor or
 * by the first interceptor that needs it. */
#ifndef LSAN_INTERCEPTORS_START_H
#define LSAN_INTERCEPTORS_START_H

/* Hands the runtime libc's functions (lsan_init_libc); async-signal-safe. */
void lsan_start_libc(void);
/* lsan_start_libc, then the runtime's start-up, then the libc steps it
 * could not take if it started before (from .preinit_array). Idempotent. */
void lsan_start(void);

#endif
