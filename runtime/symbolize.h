/* Turning return addresses into "function file:line:col" for reports: one
 * external llvm-symbolizer run per batch, addr2line as fallback; if neither
 * can run, one warning and the exported symbol names dladdr knows; else
 * module+offset. Runs with the world running; never while stopped. */
#ifndef LSAN_RUNTIME_SYMBOLIZE_H
#define LSAN_RUNTIME_SYMBOLIZE_H

#include "platform/base.h"
#include "platform/fmt.h"

/* One frame of a pc; a pc with inlined calls has several, innermost first. */
struct lsan_symbol {
    const char *function; /* demangled; NULL if unknown */
    const char *file;     /* NULL if unknown */
    int line, column;     /* 0 if unknown */
    const char *module;   /* path of the object holding pc; NULL if none */
    uptr module_offset;
};

/* Symbolizes every listed address in one external-symbolizer run and caches
 * the results. Addresses are those to look up (return address - 1 already
 * applied by the caller where needed). */
void lsan_symbolize_prefetch(const uptr *addrs, size_t n);
/* The frames of addr (from the cache, symbolizing on a miss); returns how
 * many (>= 1), *out points into the cache. */
u32 lsan_symbolize(uptr addr, const struct lsan_symbol **out);

/* The address looked up for frame i of a stack: pcs[i] for i == 0, else pcs[i] - 1. */
static inline uptr lsan_stack_lookup_addr(const uptr *pcs, u32 i) { return i ? pcs[i] - 1 : pcs[0]; }

/* In a forked child: the symbolizer's lock is free. */
void lsan_symbolize_after_fork_child(void);

#endif
