/* The scanner: one stopped world's roots (roots.c) flooded by the marker
 * (mark.c), what is left classified into leaks (classify.c). Each part owns
 * its state; this file maps them before the stop, runs them in order while
 * the world is stopped (lsan_scan_stopped: no libc, no locks, no TLS), and
 * unmaps them after. */
#ifndef LSAN_RUNTIME_SCAN_H
#define LSAN_RUNTIME_SCAN_H

#include "platform/stw.h"
#include "runtime/classify.h"
#include "runtime/mark.h"
#include "runtime/roots.h"

struct lsan_scan {
    struct lsan_roots roots;
    struct lsan_mark mark;
    struct lsan_classify classify;
    const char *backend; /* the backend that stopped the world */
    bool ran;
};

/* Maps every part's tables for a check. Call with the allocator and the
 * thread registry locked. On failure what was mapped stays for
 * lsan_scan_release. */
int lsan_scan_prepare(struct lsan_scan *s);
/* Safe on a half-prepared scan and idempotent. */
void lsan_scan_release(struct lsan_scan *s);
/* The stop-the-world callback: arg is the struct lsan_scan. */
void lsan_scan_stopped(const struct lsan_stw_world *world, void *arg);
/* A table was full: the result misses some leaks. */
static inline bool lsan_scan_incomplete(const struct lsan_scan *s)
{
    return s->mark.overflow || s->classify.overflow;
}

#endif
