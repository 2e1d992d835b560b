/* Readers of /proc/self/maps with raw syscalls and a stack buffer: safe while
 * the world is stopped and before libc is initialised. */
#ifndef LSAN_PLATFORM_MAPS_H
#define LSAN_PLATFORM_MAPS_H

#include "platform/sys.h"

struct lsan_mapping {
    uptr lo, hi;
    int prot;          /* PROT_READ | PROT_WRITE | PROT_EXEC bits */
    uptr offset;
    char path[512];    /* "" for anonymous, "[stack]", ... (truncated) */
};

/* Calls fn for each mapping; stops early when fn returns non-zero. Returns 0
 * or -errno. */
typedef int (*lsan_mapping_fn)(const struct lsan_mapping *m, void *arg);
int lsan_maps_each(lsan_mapping_fn fn, void *arg);
/* Bounds of the mapping that holds addr; 0 or -ENOENT. */
int lsan_maps_find_mapping(uptr addr, uptr *lo, uptr *hi);

#endif
