/* Start-up of the runtime: lsan_init_allocator (safe from inside the first
 * malloc, raw syscalls only) and lsan_init (flags, threads, exit hook). */
#ifndef LSAN_RUNTIME_INIT_H
#define LSAN_RUNTIME_INIT_H

#include "runtime/base.h"

void lsan_init_allocator(void);
void lsan_init(void);
extern bool lsan_inited;

#endif
