/* Reports for misuse found by the allocator. Each prints one report in the
 * sanitizer style (=== line, ERROR:, stack, SUMMARY:) and exits with the
 * exitcode flag's status, as LSan does. The allocation stack comes from the
 * chunk's metadata, which outlives free, or from the free log. */
#include "runtime/error.h"

#include "runtime/depot.h"
#include "runtime/flags.h"
#include "runtime/freelog.h"
#include "platform/fmt.h"
#include "runtime/symbolize.h"
#include "runtime/threads.h"
#include "runtime/unwind.h"

static void thread_name(char *buf, size_t n)
{
    int uid = lsan_threads_self_uid();
    if (uid < 0)
        lsan_snprintf(buf, n, "T? (tid %ld)", sys_gettid());
    else
        lsan_snprintf(buf, n, "T%d", uid);
}

/* The stack of the bad call; returns its top frame's pc (0 if none). */
static uptr append_current_stack(struct lsan_buf *b, struct lsan_site site)
{
    uptr pcs[LSAN_MAX_FRAMES];
    u32 n = lsan_unwind_fast(site.pc, site.bp, pcs, 64);
    lsan_stack_format(b, pcs, n);
    return n ? pcs[0] : 0;
}

/* A path as the stack lines print it, after strip_path_prefix. */
static const char *stripped(const char *path)
{
    const char *pre = lsan_flags.strip_path_prefix;
    const char *cut = pre && *pre ? lsan_strstr(path, pre) : NULL;
    if (cut)
        path = cut + lsan_strlen(pre);
    if (path[0] == '.' && path[1] == '/')
        path += 2;
    return path;
}

/* Where LSan's SUMMARY line puts the bad call: its top frame, as
 * " FILE:LINE:COL in FUNCTION" or " (MODULE+0xOFF) in FUNCTION". */
static void summary_location(struct lsan_buf *b, uptr pc)
{
    const struct lsan_symbol *s;
    if (!pc || !lsan_symbolize(pc, &s))
        return;
    if (s->file) {
        lsan_buf_printf(b, " %s", stripped(s->file));
        if (s->line)
            lsan_buf_printf(b, ":%d", s->line);
        if (s->line && s->column)
            lsan_buf_printf(b, ":%d", s->column);
    } else if (s->module) {
        lsan_buf_printf(b, " (%s+0x%lx)", stripped(s->module), (unsigned long)s->module_offset);
    }
    if (s->function)
        lsan_buf_printf(b, " in %s", s->function);
}

/* LSan ends on these errors with its exitcode flag, as on leaks (23). */
static __attribute__((noreturn)) void finish(struct lsan_buf *b, const char *summary, uptr top_pc)
{
    if (lsan_flags.print_summary) {
        lsan_buf_printf(b, "\nSUMMARY: LeakSanitizer: %s", summary);
        summary_location(b, top_pc);
        lsan_buf_printf(b, "\n");
    }
    lsan_write_raw(b->data, b->len);
    lsan_die(lsan_flags.exitcode);
}

/* One report per process: a thread reaching a second error (two threads
 * freeing one chunk) waits here until the first report ends the process. The
 * reporting thread itself may get here again (the symbolizer allocates) and
 * goes on. Never unlocked. */
static struct lsan_mutex report_mu;
static long report_tid;

static void header(struct lsan_buf *b)
{
    long self = sys_gettid();
    if (__atomic_load_n(&report_tid, __ATOMIC_RELAXED) != self) {
        lsan_mutex_lock(&report_mu);
        __atomic_store_n(&report_tid, self, __ATOMIC_RELAXED);
    }
    lsan_buf_printf(b, "=================================================================\n");
}

static void region(struct lsan_buf *b, uptr addr, uptr beg, uptr size)
{
    lsan_buf_printf(b, "%p is located %lu bytes inside of %lu-byte region [%p,%p)\n", (void *)addr,
                    addr - beg, size, (void *)beg, (void *)(beg + size));
}

/* "LABEL" and the stack, if one was recorded. */
static bool stack_section(struct lsan_buf *b, const char *label, u32 id)
{
    u32 n;
    const uptr *pcs = lsan_depot_get(id, &n);
    if (!n)
        return false;
    lsan_buf_printf(b, "%s", label);
    lsan_stack_format(b, pcs, n);
    return true;
}

/* The wording of LSan's (and AddressSanitizer's) reports; realloc of a bad
 * pointer is worded as a free, as they do. */
void lsan_error_bad_free(int kind, uptr addr, uptr chunk_beg, uptr chunk_size, u32 alloc_stack,
                         struct lsan_site site)
{
    struct lsan_buf b = {0};
    char th[64];
    thread_name(th, sizeof(th));
    header(&b);
    lsan_buf_printf(&b, "==%ld==ERROR: LeakSanitizer: attempting free on address which was not "
                        "malloc()-ed: %p in thread %s:\n",
                    sys_getpid(), (void *)addr, th);
    uptr top = append_current_stack(&b, site);
    lsan_buf_printf(&b, "\n");
    if (kind == LSAN_ERR_INTERIOR) {
        region(&b, addr, chunk_beg, chunk_size);
        stack_section(&b, "allocated here:\n", alloc_stack);
    } else {
        lsan_buf_printf(&b, "%p is not inside any heap chunk leaksan allocated (a stack or "
                            "global address, or memory from another allocator)\n",
                        (void *)addr);
    }
    finish(&b, "bad-free", top);
}

/* LSan's double-free report (as with detect_double_free=1): its three section
 * headers, then the region, which LSan leaves out. */
void lsan_error_double_free(uptr addr, uptr size, u32 alloc_stack,
                            const struct lsan_freed *first_free, struct lsan_site site)
{
    struct lsan_buf b = {0};
    char th[64];
    thread_name(th, sizeof(th));
    header(&b);
    lsan_buf_printf(&b, "==%ld==ERROR: LeakSanitizer: attempting double-free on %p in thread %s:\n",
                    sys_getpid(), (void *)addr, th);
    lsan_buf_printf(&b, "The second free occurred here:\n");
    uptr top = append_current_stack(&b, site);
    lsan_buf_printf(&b, "\n");
    if (!first_free) {
        if (!lsan_flags.detect_double_free)
            lsan_buf_printf(&b, "The first free was not recorded: run with "
                                "detect_double_free=1 to record the stack of every free.\n\n");
        else
            lsan_buf_printf(&b, "The first free was not recorded: more than "
                                "double_free_max_entries=%u frees happened since.\n\n",
                            lsan_freelog_capacity());
    } else if (stack_section(&b, "The first free occurred here:\n", first_free->free_stack)) {
        lsan_buf_printf(&b, "\n");
    }
    if (stack_section(&b, "The memory was allocated here:\n", alloc_stack))
        lsan_buf_printf(&b, "\n");
    region(&b, addr, addr, size);
    finish(&b, "double-free", top);
}

void lsan_error_free_mismatch(int kind, const struct lsan_chunk *c, uptr size, uptr align,
                              bool aligned, struct lsan_site site)
{
    struct lsan_buf b = {0};
    char th[64];
    const char *fn = aligned ? "free_aligned_sized" : "free_sized";
    thread_name(th, sizeof(th));
    header(&b);
    lsan_buf_printf(&b, "==%ld==ERROR: LeakSanitizer: attempting %s with the wrong %s on %p in "
                        "thread %s:\n",
                    sys_getpid(), fn, kind == LSAN_ERR_FREE_SIZE ? "size" : "alignment",
                    (void *)c->beg, th);
    if (kind == LSAN_ERR_FREE_SIZE) {
        lsan_buf_printf(&b, "  size of the allocated block: %lu bytes;\n", c->size);
        lsan_buf_printf(&b, "  size passed to %s:%s%lu bytes.\n", fn, aligned ? " " : "   ", size);
    } else if (!lsan_is_pow2(align)) {
        lsan_buf_printf(&b, "  alignment passed to free_aligned_sized: %lu bytes, not a power of "
                            "two: aligned_alloc() accepts no such alignment.\n",
                        align);
    } else {
        lsan_buf_printf(&b, "  alignment passed to free_aligned_sized: %lu bytes;\n", align);
        lsan_buf_printf(&b, "  the block is only %lu-byte aligned: it did not come from "
                            "aligned_alloc(%lu, ...).\n",
                        c->beg & -c->beg, align);
    }
    uptr top = append_current_stack(&b, site);
    lsan_buf_printf(&b, "\n");
    region(&b, c->beg, c->beg, c->size);
    stack_section(&b, "allocated here:\n", c->stack_id);
    finish(&b, kind == LSAN_ERR_FREE_SIZE ? "free-size-mismatch" : "free-alignment-mismatch", top);
}

void lsan_error_alloc(int kind, uptr a, uptr c, struct lsan_site site)
{
    struct lsan_buf b = {0};
    char th[64];
    const char *summary = "out-of-memory";
    thread_name(th, sizeof(th));
    header(&b);
    switch (kind) {
    case LSAN_ERR_TOO_BIG:
        lsan_buf_printf(&b,
                        "==%ld==ERROR: LeakSanitizer: requested allocation size 0x%lx exceeds "
                        "maximum supported size of 0x%lx (thread %s)\n",
                        sys_getpid(), a, c, th);
        summary = "allocation-size-too-big";
        break;
    case LSAN_ERR_CALLOC_OVERFLOW:
        lsan_buf_printf(&b,
                        "==%ld==ERROR: LeakSanitizer: calloc parameters overflow: count * size "
                        "(%lu * %lu) cannot be represented in type size_t (thread %s)\n",
                        sys_getpid(), a, c, th);
        summary = "calloc-overflow";
        break;
    case LSAN_ERR_REALLOCARRAY_OVERFLOW:
        lsan_buf_printf(&b,
                        "==%ld==ERROR: LeakSanitizer: reallocarray parameters overflow: count * "
                        "size (%lu * %lu) cannot be represented in type size_t (thread %s)\n",
                        sys_getpid(), a, c, th);
        summary = "reallocarray-overflow";
        break;
    case LSAN_ERR_NEW_FAILED:
        lsan_buf_printf(&b,
                        "==%ld==ERROR: LeakSanitizer: out of memory: operator new could not "
                        "allocate 0x%lx bytes (thread %s)\n",
                        sys_getpid(), a, th);
        break;
    default:
        lsan_buf_printf(&b,
                        "==%ld==ERROR: LeakSanitizer: out of memory: allocator is trying to "
                        "allocate 0x%lx bytes (thread %s)\n",
                        sys_getpid(), a, th);
    }
    uptr top = append_current_stack(&b, site);
    lsan_buf_printf(&b, "\n==%ld==HINT: if you don't care about these errors you may set "
                        "allocator_may_return_null=1\n",
                    sys_getpid());
    finish(&b, summary, top);
}
