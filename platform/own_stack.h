/* Running a function on a stack of leaksan's own: a fresh mapping with a
 * guard page below it, so deep work (a leak check) needs almost nothing of a
 * caller that may have little stack left. */
#ifndef LSAN_PLATFORM_OWN_STACK_H
#define LSAN_PLATFORM_OWN_STACK_H

#include "platform/sys.h"

/* Calls fn(arg) on a new stack of `size` bytes (a multiple of the page size)
 * and unmaps it afterwards. Returns 0, or -errno (nothing was called) when
 * the stack cannot be mapped. */
int lsan_own_stack_call(void (*fn)(void *), void *arg, size_t size);

#endif
