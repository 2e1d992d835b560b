/* Minimal string helpers that do not depend on libc: length, comparison,
 * search, and a copy in the persistent arena. Safe while the world is
 * stopped (lsan_str_dup_persistent takes the arena lock: not then). */
#ifndef LSAN_PLATFORM_STR_H
#define LSAN_PLATFORM_STR_H

#include "platform/base.h"

size_t lsan_str_len(const char *s);
int lsan_str_cmp(const char *a, const char *b);
int lsan_str_ncmp(const char *a, const char *b, size_t n);
const char *lsan_str_str(const char *hay, const char *needle);
const char *lsan_str_rchr(const char *s, int c);
/* A copy of s in lsan_mem_persistent memory; NULL when there is no memory. */
char *lsan_str_dup_persistent(const char *s);

#endif
