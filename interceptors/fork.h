/* The fork-handler registration interceptor (fork.c). */
#ifndef LSAN_INTERCEPTORS_FORK_H
#define LSAN_INTERCEPTORS_FORK_H

/* Registers the runtime's fork handlers with libc, once, before any other
 * handler (waits if another thread is registering them). */
void lsan_fork_install(void);

#endif
