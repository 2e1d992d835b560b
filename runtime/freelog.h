/* The free log: a bounded FIFO of recent frees (chunk start, size, allocation
 * and free stacks) for double-free reports, in leaksan's own mmap'd memory.
 * Adding takes no lock; looking up scans it and is for error reports only. */
#ifndef LSAN_RUNTIME_FREELOG_H
#define LSAN_RUNTIME_FREELOG_H

#include "platform/base.h"

/* Largest double_free_max_entries; 0 means this many. */
#define LSAN_FREELOG_MAX_ENTRIES (1 << 22)

struct lsan_freed {
    uptr beg;
    uptr size;
    u32 alloc_stack;
    u32 free_stack;
};

/* Records that the chunk [beg, beg + size) was freed. Maps the log on first
 * use (sized by double_free_max_entries, which is checked then); the oldest
 * record makes room when it is full. */
void lsan_freelog_add(uptr beg, uptr size, u32 alloc_stack, u32 free_stack);
/* The newest record of a free of the chunk that started at beg. */
bool lsan_freelog_find(uptr beg, struct lsan_freed *out);
/* How many records the log keeps (after the flag was checked). */
u32 lsan_freelog_capacity(void);
/* In a forked child: records other threads were writing stay unfinished;
 * make their slots usable again. */
void lsan_freelog_after_fork_child(void);

#endif
