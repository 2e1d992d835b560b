/* The basic types and macros every layer uses: fixed-width integers, branch
 * hints, attributes, the page size, LSAN_ARRAY_SIZE. No functions; includes
 * only platform/sys.h (uptr) and compiler headers. */
#ifndef LSAN_PLATFORM_BASE_H
#define LSAN_PLATFORM_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/sys.h"

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define LSAN_LIKELY(x) __builtin_expect(!!(x), 1)
#define LSAN_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define LSAN_NOINLINE __attribute__((noinline))
#define LSAN_ALWAYS_INLINE inline __attribute__((always_inline))
#define LSAN_EXPORT __attribute__((visibility("default")))
#define LSAN_PAGE 4096ul
#define LSAN_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
