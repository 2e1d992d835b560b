/* The stack depot: deduplicated allocation stacks, one 32-bit id per distinct
 * trace (0 means "no stack"). Lookups and gets are lock-free; inserting a new
 * trace takes one mutex. Traces are never removed. */
#ifndef LSAN_RUNTIME_DEPOT_H
#define LSAN_RUNTIME_DEPOT_H

#include "platform/base.h"

#define LSAN_MAX_FRAMES 256

u32 lsan_depot_put(const uptr *pcs, u32 n);
/* The frames of trace `id`; *n receives their count. NULL for id 0. */
const uptr *lsan_depot_get(u32 id, u32 *n);
void lsan_depot_init(void);
void lsan_depot_lock(void);
void lsan_depot_unlock(void);
void lsan_depot_after_fork_child(void);

#endif
