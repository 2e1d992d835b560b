/* Leak classification: after marking, sorts every unreached chunk into
 * direct and indirect leaks and gathers them into records by allocation
 * stack. Owns the records, the leaked-object list and the component search's
 * tables, all mapped by lsan_classify_prepare before the stop. */
#ifndef LSAN_RUNTIME_CLASSIFY_H
#define LSAN_RUNTIME_CLASSIFY_H

#include "runtime/mark.h"

struct lsan_leak_record {
    u32 stack_id;
    u32 direct;
    uptr total_size;
    uptr count;
};

struct lsan_leaked_object {
    uptr addr, size;
    u32 record;
};

/* A chunk being searched by the strongly-connected-components pass. */
struct lsan_scc_frame {
    uptr beg, end;  /* the chunk */
    uptr cur, stop; /* the next word to look at, the end of its readable piece */
    u32 id, low;
};

struct lsan_classify {
    /* chunk id = id_base[class] + slot (large: descriptor) */
    u32 id_base[LSAN_NUM_CLASSES];
    struct lsan_scc_frame *frames;
    u32 *scc_num; /* per chunk id: DFS number while open, leader id + 1 when done */
    u32 scc_counter;
    size_t n_ids;
    /* ---- outputs ---- */
    struct lsan_leak_record *records;
    size_t n_records, cap_records;
    u32 *rec_hash;
    size_t hash_cap;
    struct lsan_leaked_object *objects;
    size_t n_objects, cap_objects;
    bool overflow; /* a result table was full: the report is incomplete */
};

/* Maps the tables for the chunks the prepared marker m covers. */
int lsan_classify_prepare(struct lsan_classify *k, const struct lsan_mark *m);
/* Safe on a half-prepared classifier and idempotent. */
void lsan_classify_release(struct lsan_classify *k);
/* Fills k->records and k->objects from what m left unmarked; borrows m's
 * work list as scratch. Safe while the world is stopped. */
void lsan_classify_stopped(struct lsan_classify *k, struct lsan_mark *m);

#endif
