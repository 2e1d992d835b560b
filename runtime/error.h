/* Reports of misuse the allocator detects: bad and double frees, sized frees
 * that do not match the block, impossible sizes. Each prints one report (what,
 * where, the stack of the bad call, the allocation stack where known) and ends
 * the process with the exitcode flag's status (23), as LSan's reports do. */
#ifndef LSAN_RUNTIME_ERROR_H
#define LSAN_RUNTIME_ERROR_H

#include "runtime/alloc.h"
#include "runtime/report.h" /* the LSAN_ERR_* kinds */

/* kind: LSAN_ERR_WILD_FREE (chunk_beg 0) or LSAN_ERR_INTERIOR. */
__attribute__((noreturn)) void lsan_error_bad_free(int kind, uptr addr, uptr chunk_beg,
                                                    uptr chunk_size, u32 alloc_stack,
                                                    struct lsan_site site);
/* A free (or realloc) of the freed chunk [addr, addr + size). first_free: the
 * free log's record of the earlier free, or NULL if it kept none. */
struct lsan_freed;
__attribute__((noreturn)) void lsan_error_double_free(uptr addr, uptr size, u32 alloc_stack,
                                                       const struct lsan_freed *first_free,
                                                       struct lsan_site site);
/* free_sized or free_aligned_sized (aligned) of the live chunk c with a size
 * (LSAN_ERR_FREE_SIZE) or alignment (LSAN_ERR_FREE_ALIGN) that it cannot have
 * been allocated with. */
__attribute__((noreturn)) void lsan_error_free_mismatch(int kind, const struct lsan_chunk *c,
                                                         uptr size, uptr align, bool aligned,
                                                         struct lsan_site site);
/* a, b: the size (and the limit, or the two calloc factors) */
__attribute__((noreturn)) void lsan_error_alloc(int kind, uptr a, uptr b, struct lsan_site site);

#endif
