/* Internal memory: zeroed pages from mmap (never from the user heap), address
 * space reserved and committed in parts, growable arrays, a persistent bump
 * arena, and byte copy and fill. Raw system calls only, no libc. */
#ifndef LSAN_PLATFORM_MEM_H
#define LSAN_PLATFORM_MEM_H

#include "platform/base.h"

/* lsan_mem_map returns NULL on failure. */
void *lsan_mem_map(size_t size);
void lsan_mem_unmap(void *p, size_t size);
/* A growable array in lsan_mem_map memory: makes *data, with room for *cap
 * elements of `size` bytes of which the first `used` are in use, hold at
 * least `need`: a new mapping of twice the capacity (at least min_cap and
 * need), the used ones copied, the old mapping unmapped. False, with
 * nothing changed, when there is no memory. */
bool lsan_mem_grow(void **data, size_t *cap, size_t used, size_t need, size_t size,
                   size_t min_cap);
/* Reserve address space (PROT_NONE, 2 MiB aligned); commit parts of it with
 * lsan_mem_commit. */
void *lsan_mem_reserve(size_t size);
bool lsan_mem_commit(void *p, size_t size);

/* A tiny bump arena for runtime objects that live as long as the process
 * (thread records, suppression strings, ...). Thread-safe. */
void *lsan_mem_persistent(size_t size);
/* In a forked child: the persistent arena's lock, which another thread may
 * have held at fork(), is free. */
void lsan_mem_after_fork_child(void);

/* memcpy and memset without libc. */
void lsan_mem_cpy(void *d, const void *s, size_t n);
void lsan_mem_set(void *d, int c, size_t n);

#endif
