/* Start-up of the runtime: lsan_init_allocator (safe from inside the first
 * malloc, raw syscalls only) and lsan_init (flags, threads, exit hook). */
#ifndef LSAN_RUNTIME_INIT_H
#define LSAN_RUNTIME_INIT_H

#include "platform/base.h"

void lsan_init_allocator(void);
void lsan_init(void);
extern bool lsan_inited;
/* The fork handlers: prepare takes the registry and allocator locks, parent
 * releases them, child resets every lock and forgets the other threads. They
 * must run last (prepare) and first (parent, child) of all fork handlers:
 * interceptors/fork.c registers them before anybody else's. */
void lsan_fork_prepare(void);
void lsan_fork_parent(void);
void lsan_fork_child(void);

#endif
