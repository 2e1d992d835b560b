/* The text writer: LSan's report, byte for byte (the === line, "Direct leak
 * of", the stack lines, "Suppressions used:", the SUMMARY line), and the
 * allocator errors in LSan's (and AddressSanitizer's) words. Assembles each
 * part in an mmap'd buffer and writes it in one go; reads only the model and
 * the flags that shape the text (report_objects, print_suppressions,
 * print_summary, strip_path_prefix). */
#include "runtime/report.h"

#include "platform/bits.h"
#include "runtime/flags.h"
#include "platform/fmt.h"
#include "platform/str.h"

/* LLVM's StripPathPrefix: drop everything up to the end of the prefix's first
 * occurrence, then a leading "./". */
static const char *strip(const char *path)
{
    const char *pre = lsan_flags.strip_path_prefix;
    const char *cut = pre && *pre ? lsan_str_str(path, pre) : NULL;
    if (cut)
        path = cut + lsan_str_len(pre);
    if (path[0] == '.' && path[1] == '/')
        path += 2;
    return path;
}

static void put(struct lsan_fmt_buf *b, const char *s) { lsan_fmt_buf_append(b, s, lsan_str_len(s)); }

/* One line per (inlined) frame:
 *   "    #N 0xPC in FUNCTION FILE:LINE:COL"  or  "    #N 0xPC in FUNCTION (MODULE+0xOFF)"
 *   or "    #N 0xPC  (MODULE+0xOFF)" */
static void put_stack(struct lsan_fmt_buf *b, const struct lsan_report_stack *st)
{
    char tmp[64];
    for (u32 i = 0; i < st->n_frames; i++) {
        const struct lsan_report_frame *fr = &st->frames[i];
        const struct lsan_symbol *f = fr->sym;
        lsan_fmt_buf_printf(b, "    #%u 0x%lx ", fr->number, (unsigned long)fr->addr);
        if (f->function) {
            put(b, "in ");
            put(b, f->function);
        }
        put(b, " ");
        if (f->file) {
            put(b, strip(f->file));
            if (f->line) {
                lsan_fmt_buf_printf(b, ":%d", f->line);
                if (f->column)
                    lsan_fmt_buf_printf(b, ":%d", f->column);
            }
        } else if (f->module) {
            put(b, "(");
            put(b, strip(f->module));
            lsan_fmt_snprintf(tmp, sizeof(tmp), "+0x%lx)", (unsigned long)f->module_offset);
            put(b, tmp);
        } else {
            put(b, "(<unknown module>)");
        }
        put(b, "\n");
    }
}

/* ---- a leak check ---- */

static void put_leaks(const struct lsan_report_check *c)
{
    struct lsan_fmt_buf b = {0};
    lsan_fmt_buf_printf(&b, "\n=================================================================\n");
    lsan_fmt_buf_printf(&b, "==%ld==ERROR: LeakSanitizer: detected memory leaks\n", c->pid);
    lsan_fmt_buf_printf(&b, "\n");
    if (c->n_omitted)
        lsan_fmt_buf_printf(&b, "The %zu top leak(s):\n", c->n_leaks);
    for (size_t i = 0; i < c->n_leaks; i++) {
        const struct lsan_report_leak *l = &c->leaks[i];
        lsan_fmt_buf_printf(&b, "%s leak of %lu byte(s) in %lu object(s) allocated from:\n",
                            l->direct ? "Direct" : "Indirect", l->bytes, l->objects);
        if (l->stack.n_pcs)
            put_stack(&b, &l->stack);
        else
            lsan_fmt_buf_printf(&b, "    <empty stack: malloc_context_size=0>\n");
        lsan_fmt_buf_printf(&b, "\n");
        if (lsan_flags.report_objects) {
            lsan_fmt_buf_printf(&b, "Objects leaked above:\n");
            for (size_t j = 0; j < l->n_objs; j++)
                lsan_fmt_buf_printf(&b, "%p (%lu bytes)\n", (void *)l->objs[j].addr,
                                    l->objs[j].size);
            lsan_fmt_buf_printf(&b, "\n");
        }
    }
    if (c->n_omitted)
        lsan_fmt_buf_printf(&b, "Omitting %zu more leak(s).\n", c->n_omitted);
    if (c->incomplete)
        lsan_fmt_buf_printf(&b, "==%ld==leaksan: WARNING: too many leaks to track them all; the "
                                "report is incomplete\n",
                            c->pid);
    lsan_fmt_write_raw(b.data, b.len);
    lsan_fmt_buf_free(&b);
}

static void put_suppressions(const struct lsan_report_check *c)
{
    if (!lsan_flags.print_suppressions || !c->n_supps)
        return;
    struct lsan_fmt_buf b = {0};
    const char *line = "-----------------------------------------------------";
    lsan_fmt_buf_printf(&b, "%s\nSuppressions used:\n  count      bytes template\n", line);
    for (size_t i = 0; i < c->n_supps; i++)
        lsan_fmt_buf_printf(&b, "%7lu %10lu %s\n", c->supps[i].hits, c->supps[i].bytes,
                            c->supps[i].templ);
    lsan_fmt_buf_printf(&b, "%s\n\n", line);
    lsan_fmt_write_raw(b.data, b.len);
    lsan_fmt_buf_free(&b);
}

static void text_check(const struct lsan_report_check *c)
{
    if (c->failed) {
        lsan_fmt_eprintf("==%ld==leaksan: the leak check failed (errno %d, see above); no "
                         "leak report was produced\n",
                         c->pid, c->failed);
        return;
    }
    bool leaks = c->n_leaks || c->n_omitted;
    if (leaks)
        put_leaks(c);
    put_suppressions(c);
    if (leaks && lsan_flags.print_summary)
        lsan_fmt_printf("SUMMARY: LeakSanitizer: %lu byte(s) leaked in %lu allocation(s).\n", c->bytes,
                        c->allocations);
}

/* ---- allocator errors ---- */

/* Where LSan's SUMMARY line puts the bad call: its top frame, as
 * " FILE:LINE:COL in FUNCTION" or " (MODULE+0xOFF) in FUNCTION". */
static void summary_location(struct lsan_fmt_buf *b, const struct lsan_report_stack *st)
{
    if (!st->n_frames)
        return;
    const struct lsan_symbol *s = st->frames[0].sym;
    if (s->file) {
        lsan_fmt_buf_printf(b, " %s", strip(s->file));
        if (s->line)
            lsan_fmt_buf_printf(b, ":%d", s->line);
        if (s->line && s->column)
            lsan_fmt_buf_printf(b, ":%d", s->column);
    } else if (s->module) {
        lsan_fmt_buf_printf(b, " (%s+0x%lx)", strip(s->module), (unsigned long)s->module_offset);
    }
    if (s->function)
        lsan_fmt_buf_printf(b, " in %s", s->function);
}

static void region(struct lsan_fmt_buf *b, uptr addr, uptr beg, uptr size)
{
    lsan_fmt_buf_printf(b, "%p is located %lu bytes inside of %lu-byte region [%p,%p)\n", (void *)addr,
                        addr - beg, size, (void *)beg, (void *)(beg + size));
}

/* "LABEL" and the stack, if one was recorded. */
static bool stack_section(struct lsan_fmt_buf *b, const char *label, const struct lsan_report_stack *st)
{
    if (!st->n_pcs)
        return false;
    put(b, label);
    put_stack(b, st);
    return true;
}

static void bad_free(struct lsan_fmt_buf *b, const struct lsan_report_error *e)
{
    lsan_fmt_buf_printf(b, "==%ld==ERROR: LeakSanitizer: attempting free on address which was not "
                           "malloc()-ed: %p in thread %s:\n",
                        e->pid, (void *)e->addr, e->thread);
    put_stack(b, &e->stack);
    lsan_fmt_buf_printf(b, "\n");
    if (e->kind == LSAN_ERR_INTERIOR) {
        region(b, e->addr, e->chunk_beg, e->chunk_size);
        stack_section(b, "allocated here:\n", &e->alloc_stack);
    } else {
        lsan_fmt_buf_printf(b, "%p is not inside any heap chunk leaksan allocated (a stack or "
                               "global address, or memory from another allocator)\n",
                            (void *)e->addr);
    }
}

/* LSan's double-free report (as with detect_double_free=1): its three section
 * headers, then the region, which LSan leaves out. */
static void double_free(struct lsan_fmt_buf *b, const struct lsan_report_error *e)
{
    lsan_fmt_buf_printf(b, "==%ld==ERROR: LeakSanitizer: attempting double-free on %p in thread %s:\n",
                        e->pid, (void *)e->addr, e->thread);
    lsan_fmt_buf_printf(b, "The second free occurred here:\n");
    put_stack(b, &e->stack);
    lsan_fmt_buf_printf(b, "\n");
    if (e->first_free == LSAN_FIRST_FREE_NOT_RECORDED)
        lsan_fmt_buf_printf(b, "The first free was not recorded: run with "
                               "detect_double_free=1 to record the stack of every free.\n\n");
    else if (e->first_free == LSAN_FIRST_FREE_EVICTED)
        lsan_fmt_buf_printf(b, "The first free was not recorded: more than "
                               "double_free_max_entries=%u frees happened since.\n\n",
                            e->freelog_capacity);
    else if (stack_section(b, "The first free occurred here:\n", &e->free_stack))
        lsan_fmt_buf_printf(b, "\n");
    if (stack_section(b, "The memory was allocated here:\n", &e->alloc_stack))
        lsan_fmt_buf_printf(b, "\n");
    region(b, e->addr, e->chunk_beg, e->chunk_size);
}

static void free_mismatch(struct lsan_fmt_buf *b, const struct lsan_report_error *e)
{
    const char *fn = e->aligned ? "free_aligned_sized" : "free_sized";
    uptr size = e->a, align = e->b;
    lsan_fmt_buf_printf(b, "==%ld==ERROR: LeakSanitizer: attempting %s with the wrong %s on %p in "
                           "thread %s:\n",
                        e->pid, fn, e->kind == LSAN_ERR_FREE_SIZE ? "size" : "alignment",
                        (void *)e->chunk_beg, e->thread);
    if (e->kind == LSAN_ERR_FREE_SIZE) {
        lsan_fmt_buf_printf(b, "  size of the allocated block: %lu bytes;\n", e->chunk_size);
        lsan_fmt_buf_printf(b, "  size passed to %s:%s%lu bytes.\n", fn, e->aligned ? " " : "   ",
                            size);
    } else if (!lsan_bits_is_pow2(align)) {
        lsan_fmt_buf_printf(b, "  alignment passed to free_aligned_sized: %lu bytes, not a power of "
                               "two: aligned_alloc() accepts no such alignment.\n",
                            align);
    } else {
        lsan_fmt_buf_printf(b, "  alignment passed to free_aligned_sized: %lu bytes;\n", align);
        lsan_fmt_buf_printf(b, "  the block is only %lu-byte aligned: it did not come from "
                               "aligned_alloc(%lu, ...).\n",
                            e->chunk_beg & -e->chunk_beg, align);
    }
    put_stack(b, &e->stack);
    lsan_fmt_buf_printf(b, "\n");
    region(b, e->chunk_beg, e->chunk_beg, e->chunk_size);
    stack_section(b, "allocated here:\n", &e->alloc_stack);
}

static void alloc_error(struct lsan_fmt_buf *b, const struct lsan_report_error *e)
{
    switch (e->kind) {
    case LSAN_ERR_TOO_BIG:
        lsan_fmt_buf_printf(b,
                            "==%ld==ERROR: LeakSanitizer: requested allocation size 0x%lx exceeds "
                            "maximum supported size of 0x%lx (thread %s)\n",
                            e->pid, e->a, e->b, e->thread);
        break;
    case LSAN_ERR_CALLOC_OVERFLOW:
        lsan_fmt_buf_printf(b,
                            "==%ld==ERROR: LeakSanitizer: calloc parameters overflow: count * size "
                            "(%lu * %lu) cannot be represented in type size_t (thread %s)\n",
                            e->pid, e->a, e->b, e->thread);
        break;
    case LSAN_ERR_REALLOCARRAY_OVERFLOW:
        lsan_fmt_buf_printf(b,
                            "==%ld==ERROR: LeakSanitizer: reallocarray parameters overflow: count * "
                            "size (%lu * %lu) cannot be represented in type size_t (thread %s)\n",
                            e->pid, e->a, e->b, e->thread);
        break;
    case LSAN_ERR_NEW_FAILED:
        lsan_fmt_buf_printf(b,
                            "==%ld==ERROR: LeakSanitizer: out of memory: operator new could not "
                            "allocate 0x%lx bytes (thread %s)\n",
                            e->pid, e->a, e->thread);
        break;
    default:
        lsan_fmt_buf_printf(b,
                            "==%ld==ERROR: LeakSanitizer: out of memory: allocator is trying to "
                            "allocate 0x%lx bytes (thread %s)\n",
                            e->pid, e->a, e->thread);
    }
    put_stack(b, &e->stack);
    lsan_fmt_buf_printf(b, "\n==%ld==HINT: if you don't care about these errors you may set "
                           "allocator_may_return_null=1\n",
                        e->pid);
}

static void text_error(const struct lsan_report_error *e)
{
    struct lsan_fmt_buf b = {0};
    lsan_fmt_buf_printf(&b, "=================================================================\n");
    switch (e->kind) {
    case LSAN_ERR_WILD_FREE:
    case LSAN_ERR_INTERIOR:
        bad_free(&b, e);
        break;
    case LSAN_ERR_DOUBLE_FREE:
        double_free(&b, e);
        break;
    case LSAN_ERR_FREE_SIZE:
    case LSAN_ERR_FREE_ALIGN:
        free_mismatch(&b, e);
        break;
    default:
        alloc_error(&b, e);
    }
    if (lsan_flags.print_summary) {
        lsan_fmt_buf_printf(&b, "\nSUMMARY: LeakSanitizer: %s", e->summary);
        summary_location(&b, &e->stack);
        lsan_fmt_buf_printf(&b, "\n");
    }
    lsan_fmt_write_raw(b.data, b.len);
    lsan_fmt_buf_free(&b);
}

const struct lsan_report_writer lsan_report_text = {
    .name = "text",
    .check = text_check,
    .error = text_error,
};
