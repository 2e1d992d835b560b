/* The frame-pointer unwinder used on every allocation: walks the rbp chain of
 * the current thread, bounded by that thread's stack, so a frame without a
 * frame pointer ends the walk instead of faulting. */
#ifndef LSAN_RUNTIME_UNWIND_H
#define LSAN_RUNTIME_UNWIND_H

#include "platform/base.h"

/* Stack bounds of the calling thread, set when leaksan first sees it. */
struct lsan_unwind_stack_bounds {
    uptr lo, hi;
};
extern __thread struct lsan_unwind_stack_bounds lsan_unwind_stack_bounds;
/* Finds the calling thread's stack bounds (from the registry or the memory
 * map) when they are not known yet. */
void lsan_unwind_init_thread(void);

/* Writes pc0 and then up to max-1 return addresses found from frame `bp`
 * (the frame of the function that calls this). Returns the frame count. */
u32 lsan_unwind_fast(uptr pc0, uptr bp, uptr *out, u32 max);
/* The DWARF unwinder (fast_unwind_on_malloc=0): same result shape, frames
 * above `bp` (the interceptor's frame) only. */
u32 lsan_unwind_slow(uptr pc0, uptr bp, uptr *out, u32 max);

#endif
