/* Roots: what a check scans from, in a fixed order (coroutine stacks in the
 * heap, globals, threads: stacks, registers, TLS, thread arguments; root
 * regions; then ignored chunks, loader allocations and suppressed stacks).
 * lsan_roots_prepare runs before the stop; the _stopped functions run while
 * the world is stopped: no libc, no locks, no TLS, no malloc. */
#ifndef LSAN_RUNTIME_ROOTS_H
#define LSAN_RUNTIME_ROOTS_H

#include "platform/stw.h"
#include "runtime/mark.h"

struct lsan_thread;

struct lsan_roots {
    /* ---- inputs, set before the stop ---- */
    int caller_tid;
    uptr caller_sp;
    struct lsan_range *globals;
    size_t n_globals, cap_globals;
    struct lsan_range *root_regions;
    size_t n_root_regions;
    const u32 *root_stacks; /* sorted stack ids whose chunks are roots (suppressed) */
    size_t n_root_stacks;
    uptr ld_lo, ld_hi;      /* the dynamic loader's text */
    struct lsan_range own;  /* leaksan's own state: never a root */
    const struct lsan_thread **by_tid; /* registry records hashed by tid */
    size_t by_tid_size;                /* a power of two, 0 if none */
    bool use_globals, use_stacks, use_registers, use_tls, use_root_regions,
        use_ld_allocations, log_threads;
    /* ---- outputs ---- */
    size_t n_threads;
    int n_unknown_threads;
    int unscannable_tid; /* a thread whose stack could not be found, or 0 */
};

/* Hashes the registry's threads by tid. Call with the registry locked. */
int lsan_roots_prepare(struct lsan_roots *r);
void lsan_roots_release(struct lsan_roots *r);
/* Marks from every root range and value of the stopped world w. */
void lsan_roots_push_stopped(struct lsan_roots *r, struct lsan_mark *m,
                             const struct lsan_stw_world *w);
/* Marks the chunks that are roots themselves: ignored ones, those of a
 * root stack (suppressed, or the loader's with use_ld_allocations), and
 * threads' DTVs. After the first flood: only unreached chunks are visited. */
void lsan_roots_push_chunks_stopped(struct lsan_roots *r, struct lsan_mark *m);

#endif
