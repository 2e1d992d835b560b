/* Reports for misuse found by the allocator. Each prints one report in the
 * sanitizer style (=== line, ERROR:, stack, SUMMARY:) and exits with the
 * exitcode flag's status, as LSan does.
 * The allocation stack comes from the chunk's metadata, which outlives free. */
#include "runtime/error.h"

#include "runtime/depot.h"
#include "runtime/flags.h"
#include "runtime/fmt.h"
#include "runtime/symbolize.h"
#include "runtime/threads.h"
#include "runtime/unwind.h"

static void thread_name(char *buf, size_t n)
{
    int uid = lsan_thread_self_uid();
    if (uid < 0)
        lsan_snprintf(buf, n, "T? (tid %ld)", sys_gettid());
    else
        lsan_snprintf(buf, n, "T%d", uid);
}

static void append_current_stack(struct lsan_buf *b, struct lsan_site site)
{
    uptr pcs[LSAN_MAX_FRAMES];
    u32 n = lsan_unwind_fast(site.pc, site.bp, pcs, 64);
    lsan_stack_format(b, pcs, n);
}

/* LSan ends on these errors with its exitcode flag, as on leaks (23). */
static __attribute__((noreturn)) void finish(struct lsan_buf *b, const char *summary)
{
    if (lsan_flags.print_summary)
        lsan_buf_printf(b, "\nSUMMARY: LeakSanitizer: %s\n", summary);
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

/* The wording of AddressSanitizer's reports, separator included. */
static const char *const bad_free_what[] = {
    [LSAN_ERR_DOUBLE_FREE] = "attempting double-free on",
    [LSAN_ERR_WILD_FREE] = "attempting free on address which was not malloc()-ed:",
    [LSAN_ERR_INTERIOR] = "attempting free on address which was not malloc()-ed:",
    [LSAN_ERR_REALLOC_FREED] = "attempting realloc of freed memory (use-after-free) on",
    [LSAN_ERR_REALLOC_WILD] = "attempting realloc on address which was not malloc()-ed:",
};

static const char *const bad_free_summary[] = {
    [LSAN_ERR_DOUBLE_FREE] = "double-free",
    [LSAN_ERR_WILD_FREE] = "bad-free",
    [LSAN_ERR_INTERIOR] = "bad-free",
    [LSAN_ERR_REALLOC_FREED] = "realloc-of-freed-memory",
    [LSAN_ERR_REALLOC_WILD] = "bad-realloc",
};

void lsan_error_bad_free(int kind, uptr addr, uptr chunk_beg, uptr chunk_size, u32 alloc_stack,
                         struct lsan_site site)
{
    struct lsan_buf b = {0};
    char th[64];
    thread_name(th, sizeof(th));
    header(&b);
    lsan_buf_printf(&b, "==%ld==ERROR: LeakSanitizer: %s %p in thread %s:\n", sys_getpid(),
                    bad_free_what[kind], (void *)addr, th);
    append_current_stack(&b, site);
    if (chunk_beg) {
        lsan_buf_printf(&b, "\n%p is located %lu bytes inside of %lu-byte region [%p,%p)\n",
                        (void *)addr, addr - chunk_beg, chunk_size, (void *)chunk_beg,
                        (void *)(chunk_beg + chunk_size));
        if (kind == LSAN_ERR_DOUBLE_FREE || kind == LSAN_ERR_REALLOC_FREED)
            lsan_buf_printf(&b, "the region was already freed (leaksan records no free stacks)\n");
        u32 n;
        const uptr *pcs = lsan_depot_get(alloc_stack, &n);
        if (n) {
            lsan_buf_printf(&b, "%sallocated here:\n",
                            kind == LSAN_ERR_INTERIOR ? "" : "previously ");
            lsan_stack_format(&b, pcs, n);
        }
    } else {
        lsan_buf_printf(&b, "\n%p is not inside any heap chunk leaksan allocated (a stack or "
                            "global address, or memory from another allocator)\n",
                        (void *)addr);
    }
    finish(&b, bad_free_summary[kind]);
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
    append_current_stack(&b, site);
    lsan_buf_printf(&b, "\n==%ld==HINT: if you don't care about these errors you may set "
                        "allocator_may_return_null=1\n",
                    sys_getpid());
    finish(&b, summary);
}
