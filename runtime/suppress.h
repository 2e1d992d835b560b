/* Leak suppressions: `leak:PATTERN` lines from the suppressions file and
 * __lsan_default_suppressions(), matched against each frame's function, source
 * file and module (`*` wildcard, `^` and `$` anchors, as LSan). */
#ifndef LSAN_RUNTIME_SUPPRESS_H
#define LSAN_RUNTIME_SUPPRESS_H

#include "platform/base.h"
#include "platform/fmt.h"

struct lsan_suppression;
struct lsan_leak_record;

/* Reads and validates the suppressions; a missing or malformed file is one
 * error message and exit status 1, at start-up. */
void lsan_suppress_init(void);
bool lsan_suppress_any(void);
/* The suppression matching the allocation stack `stack_id`, or NULL.
 * Symbolizes the stack (world running). Decisions are cached per stack id. */
struct lsan_suppression *lsan_suppress_match(u32 stack_id);
/* Symbolizes every frame of the records' stacks in one symbolizer run (one
 * deadline for all), so lsan_suppress_match() on them starts no run of its
 * own. Call it before matching a check's records (world running). */
void lsan_suppress_prefetch(const struct lsan_leak_record *records, size_t n);
/* Forgets the hit counts (each try of a check starts afresh). */
void lsan_suppress_reset_counts(void);
void lsan_suppress_count(struct lsan_suppression *s, uptr bytes, uptr objects);
/* Copies up to cap of the suppressions that matched (in file order, with
 * their counts) to out; returns how many matched. */
struct lsan_report_suppression;
size_t lsan_suppress_used(struct lsan_report_suppression *out, size_t cap);

/* Pattern matcher shared with tests of the matcher: `*` any run, `^` start,
 * `$` end; otherwise a substring match. */
bool lsan_suppress_pattern_match(const char *pattern, const char *s);

#endif
