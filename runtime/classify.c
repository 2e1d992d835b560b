/* Leak classification, after marking: every unreached chunk is a leak,
 * direct or indirect, gathered into records by allocation stack. Runs while
 * the world is stopped (on the tracer, for the ptrace backend): no libc, no
 * locks, no TLS, no malloc; its tables are mapped by lsan_classify_prepare. */
#include "runtime/classify.h"
#include "platform/bits.h"

/* The tables are sized from the chunks carved when the world stops (the
 * allocator is locked, so no chunk appears meanwhile): a chunk is at most
 * one leaked object, and adds at most one record. */
#define RECORD_CAP (1ul << 22)

int lsan_classify_prepare(struct lsan_classify *k, const struct lsan_mark *m)
{
    /* chunk ids: large descriptors first, then each class's slots */
    uptr chunks = m->n_large;
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++) {
        k->id_base[c] = (u32)chunks;
        chunks += m->n_slots[c];
    }
    chunks++; /* lsan_mark_prepare checked that this fits in 32 bits */
    uptr records = chunks < RECORD_CAP ? chunks : RECORD_CAP, hash = 16;
    while (hash < 2 * records + 2)
        hash *= 2;
    k->records = lsan_mark_map_noreserve(records * sizeof(struct lsan_leak_record));
    if (!k->records)
        return lsan_mark_map_failed("leak records", records * sizeof(struct lsan_leak_record));
    k->cap_records = records;
    k->rec_hash = lsan_mark_map_noreserve(hash * sizeof(u32));
    if (!k->rec_hash)
        return lsan_mark_map_failed("record hash", hash * sizeof(u32));
    k->hash_cap = hash;
    k->objects = lsan_mark_map_noreserve(chunks * sizeof(struct lsan_leaked_object));
    if (!k->objects)
        return lsan_mark_map_failed("leaked object list",
                                    chunks * sizeof(struct lsan_leaked_object));
    k->cap_objects = chunks;
    k->n_ids = chunks; /* the size of frames and scc_num, whichever is mapped */
    k->frames = lsan_mark_map_noreserve(chunks * sizeof(*k->frames));
    if (!k->frames)
        return lsan_mark_map_failed("component search stack", chunks * sizeof(*k->frames));
    k->scc_num = lsan_mark_map_noreserve(chunks * sizeof(u32));
    if (!k->scc_num)
        return lsan_mark_map_failed("component numbers", chunks * sizeof(u32));
    return 0;
}

void lsan_classify_release(struct lsan_classify *k)
{
    if (k->records)
        sys_munmap(k->records, k->cap_records * sizeof(struct lsan_leak_record));
    k->records = NULL;
    k->cap_records = k->n_records = 0;
    if (k->rec_hash)
        sys_munmap(k->rec_hash, k->hash_cap * sizeof(u32));
    k->rec_hash = NULL;
    k->hash_cap = 0;
    if (k->objects)
        sys_munmap(k->objects, k->cap_objects * sizeof(struct lsan_leaked_object));
    k->objects = NULL;
    k->cap_objects = k->n_objects = 0;
    if (k->frames)
        sys_munmap(k->frames, k->n_ids * sizeof(*k->frames));
    k->frames = NULL;
    if (k->scc_num)
        sys_munmap(k->scc_num, k->n_ids * sizeof(u32));
    k->scc_num = NULL;
    k->n_ids = 0;
    k->scc_counter = 0;
}

static u32 record_for(struct lsan_classify *k, u32 stack_id, bool direct)
{
    u32 key = stack_id * 2 + (direct ? 1 : 0);
    size_t mask = k->hash_cap - 1;
    for (size_t i = (key * 0x9e3779b1u) & mask;; i = (i + 1) & mask) {
        u32 slot = k->rec_hash[i];
        if (!slot) {
            if (k->n_records >= k->cap_records || k->n_records * 2 >= k->hash_cap) {
                k->overflow = true;
                return UINT32_MAX;
            }
            struct lsan_leak_record *r = &k->records[k->n_records];
            r->stack_id = stack_id;
            r->direct = direct;
            r->total_size = r->count = 0;
            k->rec_hash[i] = (u32)++k->n_records;
            return (u32)(k->n_records - 1);
        }
        struct lsan_leak_record *r = &k->records[slot - 1];
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

static inline u32 chunk_id(const struct lsan_classify *k, const struct lsan_chunk *h)
{
    return k->id_base[h->cls] + h->idx;
}

/* The unreached chunk that word v points into, if any. */
static inline bool find_leak(const struct lsan_mark *m, uptr v, struct lsan_chunk *h)
{
    return lsan_in_heap(v) && lsan_chunk_lookup(v, h) && !lsan_mark_test(m, h, LSAN_MARK_REACHED);
}

/* The first pass reads every leak once: it says what it skips. */
static void tag_children_cb(struct lsan_mark *m, const struct lsan_chunk *h, void *arg)
{
    (void)arg;
    uptr end = lsan_bits_round_down(h->beg + h->size, 8);
    for (uptr b = h->beg, e; lsan_mark_chunk_piece(m, h->beg, &b, end, &e, true); b = e)
        for (const uptr *p = (const uptr *)b; p < (const uptr *)e; p++) {
            struct lsan_chunk c;
            if (find_leak(m, *p, &c) && c.beg != h->beg) /* a pointer to itself does not count */
                lsan_mark_set(m, &c, LSAN_MARK_INDIRECT);
        }
}

static void see_from_direct_cb(struct lsan_mark *m, const struct lsan_chunk *h, void *arg)
{
    (void)arg;
    if (lsan_mark_test(m, h, LSAN_MARK_INDIRECT) || lsan_mark_test(m, h, LSAN_MARK_SEEN))
        return;
    lsan_mark_set(m, h, LSAN_MARK_SEEN);
    m->n_work = 0;
    lsan_mark_push(m, h->beg, h->size);
    while (m->n_work) {
        m->n_work--;
        uptr beg = m->work[2 * m->n_work],
             end = lsan_bits_round_down(beg + m->work[2 * m->n_work + 1], 8);
        for (uptr b = beg, e; lsan_mark_chunk_piece(m, beg, &b, end, &e, false); b = e)
            for (const uptr *p = (const uptr *)b; p < (const uptr *)e; p++) {
                struct lsan_chunk c;
                if (!find_leak(m, *p, &c) || lsan_mark_test(m, &c, LSAN_MARK_SEEN))
                    continue;
                lsan_mark_set(m, &c, LSAN_MARK_SEEN);
                lsan_mark_push(m, c.beg, c.size);
            }
    }
}

/* The leader of a component that turned out to be pointed into: indirect. */
static void demote(struct lsan_classify *k, struct lsan_mark *m, u32 id)
{
    if (id < m->n_large) {
        m->large_state[id] |= LSAN_MARK_L_INDIRECT;
        return;
    }
    for (u32 c = 1; c < LSAN_NUM_CLASSES; c++)
        if (id - k->id_base[c] < m->n_slots[c]) {
            lsan_bit_set(lsan_mark_bitmap(m, c, LSAN_MARK_INDIRECT), id - k->id_base[c]);
            return;
        }
}

static void scc_enter(struct lsan_classify *k, struct lsan_mark *m, const struct lsan_chunk *h,
                      size_t *depth)
{
    u32 id = chunk_id(k, h);
    k->scc_num[id] = ++k->scc_counter;
    struct lsan_scc_frame *f = &k->frames[(*depth)++];
    f->beg = h->beg;
    f->cur = h->beg;
    f->end = lsan_bits_round_down(h->beg + h->size, 8);
    if (!lsan_mark_chunk_piece(m, f->beg, &f->cur, f->end, &f->stop, false))
        f->cur = f->stop = f->end;
    f->id = id;
    f->low = k->scc_num[id];
    m->work[m->n_work++] = h->beg; /* Tarjan's stack of open chunks */
}

/* Pops the component whose root is frame f off Tarjan's stack. A component
 * found from a DFS root is pointed into by no component found before it:
 * its lowest-addressed member leads it (is direct) unless a later one
 * points in. Finished members are seen; scc_num holds their leader's id + 1,
 * or 0 if they have none. */
static void scc_close(struct lsan_classify *k, struct lsan_mark *m, const struct lsan_scc_frame *f,
                      bool source)
{
    size_t top = m->n_work;
    while (m->work[--top] != f->beg)
        ;
    struct lsan_chunk h, lead = {0};
    for (size_t i = top; i < m->n_work; i++)
        if (lsan_chunk_lookup(m->work[i], &h) && (!lead.beg || h.beg < lead.beg))
            lead = h;
    u32 tag = source && lead.beg ? chunk_id(k, &lead) + 1 : 0;
    for (size_t i = top; i < m->n_work; i++)
        if (lsan_chunk_lookup(m->work[i], &h)) {
            lsan_mark_set(m, &h, LSAN_MARK_SEEN);
            k->scc_num[chunk_id(k, &h)] = tag;
        }
    if (tag)
        lsan_mark_clear(m, &lead, LSAN_MARK_INDIRECT);
    m->n_work = top;
}

static void scc_cb(struct lsan_mark *m, const struct lsan_chunk *root, void *arg)
{
    struct lsan_classify *k = arg;
    if (!lsan_mark_test(m, root, LSAN_MARK_INDIRECT) || lsan_mark_test(m, root, LSAN_MARK_SEEN))
        return;
    size_t depth = 0;
    m->n_work = 0;
    scc_enter(k, m, root, &depth);
    while (depth) {
        struct lsan_scc_frame *f = &k->frames[depth - 1];
        if (f->cur >= f->stop && f->stop < f->end) {
            f->cur = f->stop;
            if (!lsan_mark_chunk_piece(m, f->beg, &f->cur, f->end, &f->stop, false))
                f->cur = f->stop = f->end;
        }
        if (f->cur < f->stop) {
            uptr v = *(const uptr *)f->cur;
            f->cur += sizeof(uptr);
            struct lsan_chunk c;
            if (!find_leak(m, v, &c) || c.beg == f->beg)
                continue;
            u32 id = chunk_id(k, &c);
            if (lsan_mark_test(m, &c, LSAN_MARK_SEEN)) {
                /* a finished component: it has a pointer from outside */
                if (k->scc_num[id])
                    demote(k, m, k->scc_num[id] - 1);
            } else if (k->scc_num[id]) {
                if (k->scc_num[id] < f->low)
                    f->low = k->scc_num[id]; /* open: in f's component */
            } else {
                scc_enter(k, m, &c, &depth);
            }
            continue;
        }
        struct lsan_scc_frame done = *f;
        depth--;
        if (depth && done.low < k->frames[depth - 1].low)
            k->frames[depth - 1].low = done.low;
        if (done.low == k->scc_num[done.id])
            scc_close(k, m, &done, depth == 0);
    }
}

static void collect_cb(struct lsan_mark *m, const struct lsan_chunk *h, void *arg)
{
    struct lsan_classify *k = arg;
    bool direct = !lsan_mark_test(m, h, LSAN_MARK_INDIRECT);
    u32 rec = record_for(k, h->stack_id, direct);
    if (rec == UINT32_MAX)
        return;
    k->records[rec].total_size += h->size;
    k->records[rec].count++;
    if (k->n_objects < k->cap_objects) {
        struct lsan_leaked_object *o = &k->objects[k->n_objects++];
        o->addr = h->beg;
        o->size = h->size;
        o->record = rec;
    }
}

void lsan_classify_stopped(struct lsan_classify *k, struct lsan_mark *m)
{
    lsan_mark_for_each_unmarked_stopped(m, tag_children_cb, k);
    lsan_mark_for_each_unmarked_stopped(m, see_from_direct_cb, k);
    lsan_mark_for_each_unmarked_stopped(m, scc_cb, k);
    lsan_mark_for_each_unmarked_stopped(m, collect_cb, k);
}
