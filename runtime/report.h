/* The report model: what a leak check found (leak records with their kind,
 * bytes, objects and symbolized stacks, totals, the suppressions used, the
 * backend, a failure) and what an allocator error is (bad free, double free,
 * free_sized mismatch, impossible allocation), as data. A writer per format
 * renders it (report_text.c: LSan's text; report.c lists the writers).
 * Built and rendered with the world running, in leaksan's own mmap'd memory:
 * never libc's malloc, never stdio. */
#ifndef LSAN_RUNTIME_REPORT_H
#define LSAN_RUNTIME_REPORT_H

#include "platform/base.h"
#include "runtime/symbolize.h"

/* Scratch memory for one report: bump allocation in mmap'd blocks, all
 * released together. */
struct lsan_report_block;
struct lsan_report_arena {
    struct lsan_report_block *head;
};
/* n bytes, zeroed, 16-aligned; NULL when out of memory. */
void *lsan_report_alloc(struct lsan_report_arena *a, size_t n);
void lsan_report_arena_free(struct lsan_report_arena *a);

/* One frame of a stack; a pc with inlined calls gives several, innermost
 * first, with the same addr. */
struct lsan_report_frame {
    u32 number; /* counts every frame, inlined ones too: LSan's #N */
    uptr addr;  /* address looked up: the top pc as is, return addresses - 1 */
    const struct lsan_symbol *sym; /* process-lifetime, never NULL */
};

struct lsan_report_stack {
    u32 id;       /* stack depot id, 0 for a stack unwound at the report */
    u32 n_pcs;    /* 0: no stack recorded */
    u32 n_frames;
    const struct lsan_report_frame *frames;
};

/* Symbolizes pcs[0..n) (one symbolizer batch) into st. */
void lsan_report_stack_resolve(struct lsan_report_arena *a, struct lsan_report_stack *st,
                               u32 id, const uptr *pcs, u32 n);
/* Same for the depot's stack id. */
void lsan_report_stack_resolve_id(struct lsan_report_arena *a, struct lsan_report_stack *st,
                                  u32 id);

struct lsan_report_object {
    uptr addr, size;
};

struct lsan_report_leak {
    bool direct;
    uptr bytes, objects;
    struct lsan_report_stack stack;
    const struct lsan_report_object *objs; /* with report_objects: the blocks */
    size_t n_objs;
};

/* A row of LSan's "Suppressions used:" table. */
struct lsan_report_suppression {
    const char *templ;
    uptr hits, bytes;
};

/* One try of a leak check. */
struct lsan_report_check {
    long pid;
    const char *backend;     /* the backend that stopped the world; NULL if none ran */
    int failed;              /* errno of a check that failed: nothing else is known */
    struct lsan_report_leak *leaks; /* direct first, then by bytes; max_leaks of them */
    size_t n_leaks;
    size_t n_omitted;        /* records beyond max_leaks */
    uptr bytes, allocations; /* totals of every record, omitted ones too */
    bool incomplete;         /* a scanner table was full: leaks are missing */
    const struct lsan_report_suppression *supps; /* those that matched, in file order */
    size_t n_supps;
    struct lsan_report_arena arena;
};

struct lsan_classify;
/* Fills c from a finished check: the classifier's records listed in order
 * (the unsuppressed ones; sorted here, direct first, then by bytes), their
 * totals, the first max_leaks of them symbolized in one batch, their blocks
 * with report_objects, and the suppressions used so far. */
void lsan_report_check_build(struct lsan_report_check *c, const struct lsan_classify *k,
                             u32 *order, size_t n);

/* The allocator errors; each report ends the process with exitcode. */
enum lsan_report_error_kind {
    LSAN_ERR_WILD_FREE = 1,
    LSAN_ERR_INTERIOR,
    LSAN_ERR_FREE_SIZE,
    LSAN_ERR_FREE_ALIGN,
    LSAN_ERR_TOO_BIG,
    LSAN_ERR_OOM,
    LSAN_ERR_CALLOC_OVERFLOW,
    LSAN_ERR_REALLOCARRAY_OVERFLOW,
    LSAN_ERR_NEW_FAILED,
    LSAN_ERR_DOUBLE_FREE,
};

/* Why a double free's first free has no stack. */
enum lsan_report_first_free {
    LSAN_FIRST_FREE_KNOWN,
    LSAN_FIRST_FREE_NOT_RECORDED, /* detect_double_free=0 */
    LSAN_FIRST_FREE_EVICTED,      /* more than the free log's capacity since */
};

struct lsan_report_error {
    enum lsan_report_error_kind kind;
    long pid;
    char thread[64];       /* "T3", or "T? (tid N)" */
    uptr addr;             /* the pointer passed, or the chunk */
    uptr chunk_beg, chunk_size; /* the block addr is in (bad frees, mismatches) */
    uptr a, b; /* requested size and limit, calloc factors, or free_sized size and alignment */
    bool aligned;          /* free_aligned_sized rather than free_sized */
    const char *summary;   /* LSan's SUMMARY word: "bad-free", "double-free", ... */
    struct lsan_report_stack stack;       /* the bad call */
    struct lsan_report_stack alloc_stack; /* where the block came from (n_pcs 0: unknown) */
    struct lsan_report_stack free_stack;  /* a double free's first free */
    enum lsan_report_first_free first_free;
    u32 freelog_capacity;
    struct lsan_report_arena arena;
};

/* A format: renders a check's try or an error. */
struct lsan_report_writer {
    const char *name; /* what a report_format flag would call it */
    void (*check)(const struct lsan_report_check *c);
    void (*error)(const struct lsan_report_error *e);
};
extern const struct lsan_report_writer lsan_report_text;

/* 0 if the report_format flag names a writer (or is empty: text); else
 * -EINVAL and why lists the formats. */
int lsan_report_validate(char *why, size_t why_len);
/* Renders c with the writer of the report format and frees its memory. */
void lsan_report_check_emit(struct lsan_report_check *c);
/* Renders e and ends the process with the exitcode flag's status. */
__attribute__((noreturn)) void lsan_report_error_emit(struct lsan_report_error *e);

#endif
