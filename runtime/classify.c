/* Leak classification, after marking: every unreached chunk is a leak,
 * direct or indirect, gathered into records by allocation stack. Runs while
 * the world is stopped (on the tracer, for the ptrace backend): no libc, no
 * locks, no TLS, no malloc; its tables are mapped by lsan_scan_prepare. */
#include "runtime/classify.h"

static u32 record_for(struct lsan_scan *s, u32 stack_id, bool direct)
{
    u32 key = stack_id * 2 + (direct ? 1 : 0);
    size_t mask = s->hash_cap - 1;
    for (size_t i = (key * 0x9e3779b1u) & mask;; i = (i + 1) & mask) {
        u32 slot = s->rec_hash[i];
        if (!slot) {
            if (s->n_records >= s->cap_records || s->n_records * 2 >= s->hash_cap) {
                s->overflow = true;
                return UINT32_MAX;
            }
            struct lsan_leak_record *r = &s->records[s->n_records];
            r->stack_id = stack_id;
            r->direct = direct;
            r->total_size = r->count = 0;
            s->rec_hash[i] = (u32)++s->n_records;
            return (u32)(s->n_records - 1);
        }
        struct lsan_leak_record *r = &s->records[slot - 1];
        if (r->stack_id == stack_id && r->direct == (u32)direct)
            return slot - 1;
    }
}

/* A leak is indirect if another leak points to it, direct otherwise. Leaks
 * that point at each other (a cycle) where no other leak points in would
 * then have no direct member: the lowest-addressed member of each such
 * group is made direct, so every lost structure is named once. In three
 * linear passes: (1) each leak tags the leaks it points to indirect; (2)
 * everything reachable from a direct leak is seen; (3) what is left is
 * reachable only from cycles: Tarjan's algorithm finds its strongly
 * connected components, and each component no other leak points into gets
 * its leader. None of it depends on the order in which chunks are visited. */

static inline u32 chunk_id(const struct lsan_scan *s, const struct lsan_hit *h)
{
    return s->id_base[h->cls] + h->idx;
}

/* The unreached chunk that word v points into, if any. */
static inline bool find_leak(struct lsan_scan *s, uptr v, struct lsan_hit *h)
{
    return lsan_in_heap(v) && lsan_scan_find_chunk(s, v, h) && !lsan_hit_test(s, h, LSAN_SCAN_MARK);
}

/* The first pass reads every leak once: it says what it skips. */
static void tag_children_cb(struct lsan_scan *s, struct lsan_hit *h)
{
    uptr end = lsan_round_down(h->beg + h->size, 8);
    for (uptr b = h->beg, e; lsan_scan_chunk_piece(s, h->beg, &b, end, &e, true); b = e)
        for (const uptr *p = (const uptr *)b; p < (const uptr *)e; p++) {
            struct lsan_hit c;
            if (find_leak(s, *p, &c) && c.beg != h->beg) /* a pointer to itself does not count */
                lsan_hit_set(s, &c, LSAN_SCAN_INDIRECT);
        }
}

static void see_from_direct_cb(struct lsan_scan *s, struct lsan_hit *h)
{
    if (lsan_hit_test(s, h, LSAN_SCAN_INDIRECT) || lsan_hit_test(s, h, LSAN_SCAN_SEEN))
        return;
    lsan_hit_set(s, h, LSAN_SCAN_SEEN);
    s->n_work = 0;
    lsan_scan_push(s, h->beg, h->size);
    while (s->n_work) {
        s->n_work--;
        uptr beg = s->work[2 * s->n_work],
             end = lsan_round_down(beg + s->work[2 * s->n_work + 1], 8);
        for (uptr b = beg, e; lsan_scan_chunk_piece(s, beg, &b, end, &e, false); b = e)
            for (const uptr *p = (const uptr *)b; p < (const uptr *)e; p++) {
                struct lsan_hit c;
                if (!find_leak(s, *p, &c) || lsan_hit_test(s, &c, LSAN_SCAN_SEEN))
                    continue;
                lsan_hit_set(s, &c, LSAN_SCAN_SEEN);
                lsan_scan_push(s, c.beg, c.size);
            }
    }
}

/* The leader of a component that turned out to be pointed into: indirect. */
static void demote(struct lsan_scan *s, u32 id)
{
    if (id < s->n_large) {
        s->large_state[id] |= LSAN_SCAN_L_INDIRECT;
        return;
    }
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++)
        if (id - s->id_base[c] < s->n_slots[c]) {
            lsan_bit_set(lsan_scan_bitmap(s, c, LSAN_SCAN_INDIRECT), id - s->id_base[c]);
            return;
        }
}

static void scc_enter(struct lsan_scan *s, const struct lsan_hit *h, size_t *depth)
{
    u32 id = chunk_id(s, h);
    s->scc_num[id] = ++s->scc_counter;
    struct lsan_scc_frame *f = &s->frames[(*depth)++];
    f->beg = h->beg;
    f->cur = h->beg;
    f->end = lsan_round_down(h->beg + h->size, 8);
    if (!lsan_scan_chunk_piece(s, f->beg, &f->cur, f->end, &f->stop, false))
        f->cur = f->stop = f->end;
    f->id = id;
    f->low = s->scc_num[id];
    s->work[s->n_work++] = h->beg; /* Tarjan's stack of open chunks */
}

/* Pops the component whose root is frame f off Tarjan's stack. A component
 * found from a DFS root is pointed into by no component found before it:
 * its lowest-addressed member leads it (is direct) unless a later one
 * points in. Finished members are seen; scc_num holds their leader's id + 1,
 * or 0 if they have none. */
static void scc_close(struct lsan_scan *s, const struct lsan_scc_frame *f, bool source)
{
    size_t k = s->n_work;
    while (s->work[--k] != f->beg)
        ;
    struct lsan_hit h, lead = {0};
    for (size_t i = k; i < s->n_work; i++)
        if (lsan_scan_find_chunk(s, s->work[i], &h) && (!lead.beg || h.beg < lead.beg))
            lead = h;
    u32 tag = source && lead.beg ? chunk_id(s, &lead) + 1 : 0;
    for (size_t i = k; i < s->n_work; i++)
        if (lsan_scan_find_chunk(s, s->work[i], &h)) {
            lsan_hit_set(s, &h, LSAN_SCAN_SEEN);
            s->scc_num[chunk_id(s, &h)] = tag;
        }
    if (tag)
        lsan_hit_clear(s, &lead, LSAN_SCAN_INDIRECT);
    s->n_work = k;
}

static void scc_cb(struct lsan_scan *s, struct lsan_hit *root)
{
    if (!lsan_hit_test(s, root, LSAN_SCAN_INDIRECT) || lsan_hit_test(s, root, LSAN_SCAN_SEEN))
        return;
    size_t depth = 0;
    s->n_work = 0;
    scc_enter(s, root, &depth);
    while (depth) {
        struct lsan_scc_frame *f = &s->frames[depth - 1];
        if (f->cur >= f->stop && f->stop < f->end) {
            f->cur = f->stop;
            if (!lsan_scan_chunk_piece(s, f->beg, &f->cur, f->end, &f->stop, false))
                f->cur = f->stop = f->end;
        }
        if (f->cur < f->stop) {
            uptr v = *(const uptr *)f->cur;
            f->cur += sizeof(uptr);
            struct lsan_hit c;
            if (!find_leak(s, v, &c) || c.beg == f->beg)
                continue;
            u32 id = chunk_id(s, &c);
            if (lsan_hit_test(s, &c, LSAN_SCAN_SEEN)) {
                /* a finished component: it has a pointer from outside */
                if (s->scc_num[id])
                    demote(s, s->scc_num[id] - 1);
            } else if (s->scc_num[id]) {
                if (s->scc_num[id] < f->low)
                    f->low = s->scc_num[id]; /* open: in f's component */
            } else {
                scc_enter(s, &c, &depth);
            }
            continue;
        }
        struct lsan_scc_frame done = *f;
        depth--;
        if (depth && done.low < s->frames[depth - 1].low)
            s->frames[depth - 1].low = done.low;
        if (done.low == s->scc_num[done.id])
            scc_close(s, &done, depth == 0);
    }
}

static void collect_cb(struct lsan_scan *s, struct lsan_hit *h)
{
    bool direct = !lsan_hit_test(s, h, LSAN_SCAN_INDIRECT);
    u32 rec = record_for(s, h->stack_id, direct);
    if (rec == UINT32_MAX)
        return;
    s->records[rec].total_size += h->size;
    s->records[rec].count++;
    if (s->n_objects < s->cap_objects) {
        struct lsan_leaked_object *o = &s->objects[s->n_objects++];
        o->addr = h->beg;
        o->size = h->size;
        o->record = rec;
    }
}

void lsan_classify_stopped(struct lsan_scan *s)
{
    lsan_scan_for_each_unmarked(s, tag_children_cb);
    lsan_scan_for_each_unmarked(s, see_from_direct_cb);
    lsan_scan_for_each_unmarked(s, scc_cb);
    lsan_scan_for_each_unmarked(s, collect_cb);
}
