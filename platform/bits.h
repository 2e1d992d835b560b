/* Power-of-two arithmetic on addresses and sizes: rounding to an alignment
 * and the power-of-two test. Inline only; no state, no calls. */
#ifndef LSAN_PLATFORM_BITS_H
#define LSAN_PLATFORM_BITS_H

#include "platform/base.h"

/* x rounded up / down to a multiple of a, which is a power of two. */
static inline uptr lsan_bits_round_up(uptr x, uptr a) { return (x + a - 1) & ~(a - 1); }
static inline uptr lsan_bits_round_down(uptr x, uptr a) { return x & ~(a - 1); }
static inline bool lsan_bits_is_pow2(uptr x) { return x && !(x & (x - 1)); }

#endif
