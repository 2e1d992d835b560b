/* The always-on LSAN_CHECK, the debug-only LSAN_DCHECK, and the two ways
 * leaksan ends the process (lsan_check_failed, lsan_check_die): nothing else
 * terminates it. Raw system calls only; safe while the world is stopped. */
#ifndef LSAN_PLATFORM_CHECK_H
#define LSAN_PLATFORM_CHECK_H

#include "platform/base.h"

/* Ends the process after printing "leaksan: CHECK failed". The only place
 * besides lsan_check_die() that terminates the process. */
__attribute__((noreturn)) void lsan_check_failed(const char *file, int line, const char *expr);
#define LSAN_CHECK(c)                                                   \
    do {                                                                \
        if (LSAN_UNLIKELY(!(c)))                                        \
            lsan_check_failed(__FILE__, __LINE__, #c);                  \
    } while (0)

/* Ends the process with status `code`. */
__attribute__((noreturn)) void lsan_check_die(int code);

#ifdef LSAN_DEBUG
#define LSAN_DEBUG_BUILD 1 /* for `if (LSAN_DEBUG_BUILD)` instead of #ifdef in code */
#define LSAN_DCHECK(c) LSAN_CHECK(c)
#else
#define LSAN_DEBUG_BUILD 0
#define LSAN_DCHECK(c) ((void)0)
#endif

#endif
