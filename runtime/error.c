/* Reports for misuse found by the allocator: each builds the report model of
 * one error (what, where, the stack of the bad call, the allocation stack
 * where known) and hands it to the report writer, which prints it and exits
 * with the exitcode flag's status, as LSan does. The allocation stack comes
 * from the chunk's metadata, which outlives free, or from the free log. */
#include "runtime/error.h"

#include "runtime/depot.h" /* LSAN_MAX_FRAMES */
#include "runtime/flags.h"
#include "runtime/freelog.h"
#include "platform/fmt.h"
#include "platform/mem.h"
#include "platform/mutex.h"
#include "runtime/report.h"
#include "runtime/symbolize.h"
#include "runtime/threads.h"
#include "runtime/unwind.h"

static void thread_name(char *buf, size_t n)
{
    int uid = lsan_threads_self_uid();
    if (uid < 0)
        lsan_fmt_snprintf(buf, n, "T? (tid %ld)", sys_gettid());
    else
        lsan_fmt_snprintf(buf, n, "T%d", uid);
}

/* One report per process: a thread reaching a second error (two threads
 * freeing one chunk) waits here until the first report ends the process. The
 * reporting thread itself may get here again (the symbolizer allocates) and
 * goes on. Never unlocked. */
static struct lsan_mutex report_mu;
static long report_tid;

/* Starts the report of an error: its kind, thread and the stack of the bad
 * call, symbolized. */
static void begin(struct lsan_report_error *e, enum lsan_report_error_kind kind,
                  const char *summary, struct lsan_site site)
{
    long self = sys_gettid();
    lsan_mem_set(e, 0, sizeof(*e));
    e->kind = kind;
    e->summary = summary;
    e->pid = sys_getpid();
    thread_name(e->thread, sizeof(e->thread));
    if (__atomic_load_n(&report_tid, __ATOMIC_RELAXED) != self) {
        lsan_mutex_lock(&report_mu);
        __atomic_store_n(&report_tid, self, __ATOMIC_RELAXED);
    }
    uptr pcs[LSAN_MAX_FRAMES];
    u32 n = lsan_unwind_fast(site.pc, site.bp, pcs, 64);
    lsan_report_stack_resolve(&e->arena, &e->stack, 0, pcs, n);
}

/* The wording of LSan's (and AddressSanitizer's) reports; realloc of a bad
 * pointer is worded as a free, as they do. */
void lsan_error_bad_free(int kind, uptr addr, uptr chunk_beg, uptr chunk_size, u32 alloc_stack,
                         struct lsan_site site)
{
    struct lsan_report_error e;
    begin(&e, kind, "bad-free", site);
    e.addr = addr;
    if (kind == LSAN_ERR_INTERIOR) {
        e.chunk_beg = chunk_beg;
        e.chunk_size = chunk_size;
        lsan_report_stack_resolve_id(&e.arena, &e.alloc_stack, alloc_stack);
    }
    lsan_report_error_emit(&e);
}

void lsan_error_double_free(uptr addr, uptr size, u32 alloc_stack,
                            const struct lsan_freed *first_free, struct lsan_site site)
{
    struct lsan_report_error e;
    begin(&e, LSAN_ERR_DOUBLE_FREE, "double-free", site);
    e.addr = e.chunk_beg = addr;
    e.chunk_size = size;
    if (first_free)
        lsan_report_stack_resolve_id(&e.arena, &e.free_stack, first_free->free_stack);
    else if (!lsan_flags.detect_double_free)
        e.first_free = LSAN_FIRST_FREE_NOT_RECORDED;
    else
        e.first_free = LSAN_FIRST_FREE_EVICTED;
    e.freelog_capacity = lsan_freelog_capacity();
    lsan_report_stack_resolve_id(&e.arena, &e.alloc_stack, alloc_stack);
    lsan_report_error_emit(&e);
}

void lsan_error_free_mismatch(int kind, const struct lsan_chunk *c, uptr size, uptr align,
                              bool aligned, struct lsan_site site)
{
    struct lsan_report_error e;
    begin(&e, kind, kind == LSAN_ERR_FREE_SIZE ? "free-size-mismatch" : "free-alignment-mismatch",
          site);
    e.addr = e.chunk_beg = c->beg;
    e.chunk_size = c->size;
    e.a = size;
    e.b = align;
    e.aligned = aligned;
    lsan_report_stack_resolve_id(&e.arena, &e.alloc_stack, c->stack_id);
    lsan_report_error_emit(&e);
}

void lsan_error_alloc(int kind, uptr a, uptr b, struct lsan_site site)
{
    static const char *const summaries[] = {
        [LSAN_ERR_TOO_BIG] = "allocation-size-too-big",
        [LSAN_ERR_CALLOC_OVERFLOW] = "calloc-overflow",
        [LSAN_ERR_REALLOCARRAY_OVERFLOW] = "reallocarray-overflow",
    };
    const char *summary = (size_t)kind < LSAN_ARRAY_SIZE(summaries) && summaries[kind]
                              ? summaries[kind]
                              : "out-of-memory";
    struct lsan_report_error e;
    begin(&e, kind, summary, site);
    e.a = a;
    e.b = b;
    lsan_report_error_emit(&e);
}
