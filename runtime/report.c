/* Builds the report model (report.h) and hands it to the writer the
 * report_format flag names. Runs with the world running; all memory is
 * mmap'd (lsan_mem_map), freed once the writer is done. */
#include "runtime/report.h"

#include "platform/bits.h"
#include "platform/check.h"
#include "runtime/classify.h"
#include "runtime/depot.h"
#include "runtime/flags.h"
#include "platform/fmt.h"
#include "platform/mem.h"
#include "platform/str.h"
#include "runtime/suppress.h"

/* ---- scratch memory ---- */

struct lsan_report_block {
    struct lsan_report_block *next;
    size_t size, used;
};

/* Blocks start small (an error report may be written when memory is short)
 * and double up to the largest. */
#define FIRST_BLOCK (16ul << 10)
#define LARGEST_BLOCK (1ul << 20)

void *lsan_report_alloc(struct lsan_report_arena *a, size_t n)
{
    n = lsan_bits_round_up(n ? n : 1, 16);
    size_t head = lsan_bits_round_up(sizeof(struct lsan_report_block), 16);
    struct lsan_report_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = !b ? FIRST_BLOCK : b->size < LARGEST_BLOCK ? 2 * b->size : LARGEST_BLOCK;
        if (size < n + head)
            size = lsan_bits_round_up(n + head, LSAN_PAGE);
        b = lsan_mem_map(size);
        if (!b)
            return NULL;
        b->size = size;
        b->used = head;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b + b->used;
    b->used += n;
    return p; /* fresh mappings are zero, and nothing is reused */
}

void lsan_report_arena_free(struct lsan_report_arena *a)
{
    while (a->head) {
        struct lsan_report_block *b = a->head;
        a->head = b->next;
        lsan_mem_unmap(b, b->size);
    }
}

/* ---- stacks ---- */

void lsan_report_stack_resolve(struct lsan_report_arena *a, struct lsan_report_stack *st,
                               u32 id, const uptr *pcs, u32 n)
{
    st->id = id;
    st->n_pcs = n;
    st->n_frames = 0;
    st->frames = NULL;
    if (!n)
        return;
    uptr small[256], *addrs = small;
    size_t sz = n * sizeof(uptr);
    if (n > LSAN_ARRAY_SIZE(small) && !(addrs = lsan_mem_map(sz)))
        addrs = small, n = LSAN_ARRAY_SIZE(small);
    for (u32 i = 0; i < n; i++)
        addrs[i] = lsan_stack_lookup_addr(pcs, i);
    lsan_symbolize_prefetch(addrs, n);
    u32 total = 0;
    for (u32 i = 0; i < n; i++) {
        const struct lsan_symbol *s;
        total += lsan_symbolize(addrs[i], &s);
    }
    struct lsan_report_frame *f = lsan_report_alloc(a, total * sizeof(*f));
    for (u32 i = 0, k = 0; f && i < n; i++) {
        const struct lsan_symbol *s;
        u32 m = lsan_symbolize(addrs[i], &s);
        for (u32 j = 0; j < m && k < total; j++, k++) {
            f[k].number = k;
            f[k].addr = addrs[i];
            f[k].sym = &s[j];
        }
    }
    if (f) {
        st->frames = f;
        st->n_frames = total;
    }
    if (addrs != small)
        lsan_mem_unmap(addrs, sz);
}

void lsan_report_stack_resolve_id(struct lsan_report_arena *a, struct lsan_report_stack *st,
                                  u32 id)
{
    u32 n;
    const uptr *pcs = lsan_depot_get(id, &n);
    lsan_report_stack_resolve(a, st, id, pcs, n);
}

/* ---- a leak check ---- */

static bool record_before(const struct lsan_leak_record *a, const struct lsan_leak_record *b)
{
    if (a->direct != b->direct)
        return a->direct;
    return a->total_size > b->total_size;
}

static void sort_records(const struct lsan_leak_record *rec, u32 *idx, size_t n)
{
    /* insertion sort over a gap sequence: no allocation, n is small */
    static const size_t gaps[] = {701, 301, 132, 57, 23, 10, 4, 1};
    for (size_t g = 0; g < LSAN_ARRAY_SIZE(gaps); g++) {
        size_t gap = gaps[g];
        for (size_t i = gap; i < n; i++) {
            u32 v = idx[i];
            size_t j = i;
            while (j >= gap && record_before(&rec[v], &rec[idx[j - gap]])) {
                idx[j] = idx[j - gap];
                j -= gap;
            }
            idx[j] = v;
        }
    }
}

/* One symbolizer run for every frame of the leaks shown. */
static void prefetch_stacks(const struct lsan_leak_record *rec, const u32 *order, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        u32 k;
        lsan_depot_get(rec[order[i]].stack_id, &k);
        total += k;
    }
    uptr *addrs = lsan_mem_map((total + 1) * sizeof(uptr));
    if (!addrs)
        return;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        u32 m;
        const uptr *pcs = lsan_depot_get(rec[order[i]].stack_id, &m);
        for (u32 j = 0; j < m; j++)
            addrs[k++] = lsan_stack_lookup_addr(pcs, j);
    }
    lsan_symbolize_prefetch(addrs, k);
    lsan_mem_unmap(addrs, (total + 1) * sizeof(uptr));
}

/* The blocks of record ri, in the order the classifier found them. */
static void gather_objects(struct lsan_report_check *c, struct lsan_report_leak *l,
                           const struct lsan_classify *k, u32 ri)
{
    size_t n = 0;
    for (size_t j = 0; j < k->n_objects; j++)
        n += k->objects[j].record == ri;
    struct lsan_report_object *o = lsan_report_alloc(&c->arena, n * sizeof(*o));
    if (!o)
        return;
    for (size_t j = 0; j < k->n_objects; j++)
        if (k->objects[j].record == ri) {
            o[l->n_objs].addr = k->objects[j].addr;
            o[l->n_objs].size = k->objects[j].size;
            l->n_objs++;
        }
    l->objs = o;
}

void lsan_report_check_build(struct lsan_report_check *c, const struct lsan_classify *k,
                             u32 *order, size_t n)
{
    const struct lsan_leak_record *rec = k->records;
    for (size_t i = 0; i < n; i++) {
        c->bytes += rec[order[i]].total_size;
        c->allocations += rec[order[i]].count;
    }
    sort_records(rec, order, n);
    size_t limit = lsan_flags.max_leaks > 0 ? (size_t)lsan_flags.max_leaks : n;
    if (limit > n)
        limit = n;
    c->n_omitted = n - limit;
    if (limit)
        prefetch_stacks(rec, order, limit);
    c->leaks = lsan_report_alloc(&c->arena, limit * sizeof(*c->leaks));
    for (size_t i = 0; c->leaks && i < limit; i++) {
        const struct lsan_leak_record *r = &rec[order[i]];
        struct lsan_report_leak *l = &c->leaks[c->n_leaks++];
        l->direct = r->direct;
        l->bytes = r->total_size;
        l->objects = r->count;
        lsan_report_stack_resolve_id(&c->arena, &l->stack, r->stack_id);
        if (lsan_flags.report_objects)
            gather_objects(c, l, k, order[i]);
    }
    size_t used = lsan_suppress_used(NULL, 0);
    struct lsan_report_suppression *s = lsan_report_alloc(&c->arena, used * sizeof(*s));
    if (s) {
        c->supps = s;
        c->n_supps = lsan_suppress_used(s, used);
    }
}

/* ---- writers ---- */

static const struct lsan_report_writer *const writers[] = {&lsan_report_text};

/* The writer called name, or NULL. */
static const struct lsan_report_writer *find_writer(const char *name)
{
    for (size_t i = 0; i < LSAN_ARRAY_SIZE(writers); i++)
        if (!lsan_str_cmp(writers[i]->name, name))
            return writers[i];
    return NULL;
}

/* The writer the report_format flag names (checked at start-up by
 * lsan_report_validate); text when it is empty. */
static const struct lsan_report_writer *writer(void)
{
    const char *want = lsan_flags.report_format;
    const struct lsan_report_writer *w = want && *want ? find_writer(want) : NULL;
    return w ? w : writers[0];
}

int lsan_report_validate(char *why, size_t why_len)
{
    const char *want = lsan_flags.report_format;
    if (!want || !*want || find_writer(want))
        return 0;
    size_t at = (size_t)lsan_fmt_snprintf(why, why_len, "report_format=%s is not a report format: use ",
                                          want);
    for (size_t i = 0; i < LSAN_ARRAY_SIZE(writers) && at < why_len; i++)
        at += (size_t)lsan_fmt_snprintf(why + at, why_len - at, "%s%s", i ? ", " : "",
                                        writers[i]->name);
    return -22; /* EINVAL */
}

void lsan_report_check_emit(struct lsan_report_check *c)
{
    writer()->check(c);
    lsan_report_arena_free(&c->arena);
}

void lsan_report_error_emit(struct lsan_report_error *e)
{
    writer()->error(e);
    lsan_check_die(lsan_flags.exitcode);
}
