/* Start-up of the runtime: lsan_init_allocator (safe from inside the first
 * malloc, raw syscalls only) and lsan_init (flags, threads, exit hook). */
#ifndef LSAN_RUNTIME_INIT_H
#define LSAN_RUNTIME_INIT_H

#include <signal.h>

#include "platform/base.h"

void lsan_init_allocator(void);
void lsan_init(void);
extern bool lsan_init_done;

/* What the interceptors hand the runtime from libc: runtime/ calls nothing
 * in interceptors/. */
struct lsan_init_libc {
    /* libc's sigaction, for the signal backend's own signals */
    int (*sigaction)(int sig, const struct sigaction *act, struct sigaction *old);
    /* looks up libc's functions behind the interceptors now rather than at
     * their first call */
    void (*resolve)(void);
    /* registers lsan_init_fork_prepare/parent/child before anybody else's */
    void (*install_fork_handlers)(void);
};
/* Hands the runtime libc's functions (*libc must stay valid), and the
 * stop-the-world backends their configuration once the flags are parsed
 * (it parses them). lsan_init then calls resolve and install_fork_handlers
 * at its own points; the interceptors call them themselves when lsan_init
 * ran before (from .preinit_array). Async-signal-safe: the sigaction
 * interceptor calls it first. */
void lsan_init_libc(const struct lsan_init_libc *libc);
/* The fork handlers: prepare takes the registry and allocator locks, parent
 * releases them, child resets every lock and forgets the other threads. They
 * must run last (prepare) and first (parent, child) of all fork handlers:
 * interceptors/fork.c registers them before anybody else's. */
void lsan_init_fork_prepare(void);
void lsan_init_fork_parent(void);
void lsan_init_fork_child(void);

#endif
