/* The bottom layer's basics: integer types, branch hints, the always-on
 * LSAN_CHECK, a futex mutex, internal memory from mmap and string helpers.
 * Raw system calls only: no libc call, no malloc, no errno (lsan_getenv reads
 * libc's __environ once libc has set it). Includes nothing above platform/. */
#ifndef LSAN_PLATFORM_BASE_H
#define LSAN_PLATFORM_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/sys.h"
#include "platform/tls.h"

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

static inline uptr lsan_round_up(uptr x, uptr a) { return (x + a - 1) & ~(a - 1); }
static inline uptr lsan_round_down(uptr x, uptr a) { return x & ~(a - 1); }
static inline bool lsan_is_pow2(uptr x) { return x && !(x & (x - 1)); }

/* Ends the process after printing "leaksan: CHECK failed". The only place
 * besides lsan_die() that terminates the process. */
__attribute__((noreturn)) void lsan_check_failed(const char *file, int line, const char *expr);
#define LSAN_CHECK(c)                                                   \
    do {                                                                \
        if (LSAN_UNLIKELY(!(c)))                                        \
            lsan_check_failed(__FILE__, __LINE__, #c);                  \
    } while (0)

/* Ends the process with status `code` (after flushing the log). */
__attribute__((noreturn)) void lsan_die(int code);

/* A futex-based mutex: 0 free, 1 locked, 2 locked with waiters. Usable before
 * libc is initialised and from any thread leaksan did not create. Under
 * LSAN_DEBUG it also records its holder, by thread pointer: the ptrace
 * backend's tracer shares the thread pointer of the thread that stopped the
 * world (and holds the locks) and runs on its behalf, and a fork child's
 * thread keeps its parent's. */
struct lsan_mutex {
    volatile int state;
#ifdef LSAN_DEBUG
    uptr owner; /* thread pointer of the holder; meaningful while state != 0 */
#endif
};
#ifdef LSAN_DEBUG
#define LSAN_DEBUG_BUILD 1 /* for `if (LSAN_DEBUG_BUILD)` instead of #ifdef in code */
#define LSAN_DCHECK(c) LSAN_CHECK(c)
static inline void lsan_mutex_acquired(struct lsan_mutex *m) { m->owner = lsan_tls_thread_pointer(); }
static inline void lsan_mutex_releasing(struct lsan_mutex *m)
{
    LSAN_CHECK(m->state != 0 && m->owner == lsan_tls_thread_pointer());
    m->owner = 0;
}
#else
#define LSAN_DEBUG_BUILD 0
#define LSAN_DCHECK(c) ((void)0)
static inline void lsan_mutex_acquired(struct lsan_mutex *m) { (void)m; }
static inline void lsan_mutex_releasing(struct lsan_mutex *m) { (void)m; }
#endif
/* Debug builds: the calling thread holds m (first line of every _locked
 * function). Release builds: nothing. */
#define LSAN_ASSERT_HELD(m) LSAN_DCHECK((m)->state != 0 && (m)->owner == lsan_tls_thread_pointer())

void lsan_mutex_lock_slow(struct lsan_mutex *m);
static inline void lsan_mutex_lock(struct lsan_mutex *m)
{
    int z = 0;
    if (LSAN_LIKELY(__atomic_compare_exchange_n(&m->state, &z, 1, false, __ATOMIC_ACQUIRE,
                                                __ATOMIC_RELAXED))) {
        lsan_mutex_acquired(m);
        return;
    }
    lsan_mutex_lock_slow(m);
    lsan_mutex_acquired(m);
}
static inline bool lsan_mutex_trylock(struct lsan_mutex *m)
{
    int z = 0;
    bool got = __atomic_compare_exchange_n(&m->state, &z, 1, false, __ATOMIC_ACQUIRE,
                                           __ATOMIC_RELAXED);
    if (got)
        lsan_mutex_acquired(m);
    return got;
}
void lsan_mutex_unlock(struct lsan_mutex *m);

/* In a forked child: the persistent arena's lock, which another thread may
 * have held at fork(), is free. */
void lsan_base_after_fork_child(void);

/* Internal memory: zeroed pages from mmap, never from the user heap.
 * lsan_map returns NULL on failure. */
void *lsan_map(size_t size);
void lsan_unmap(void *p, size_t size);
/* A growable array in lsan_map memory: makes *data, with room for *cap
 * elements of `size` bytes of which the first `used` are in use, hold at
 * least `need`: a new mapping of twice the capacity (at least min_cap and
 * need), the used ones copied, the old mapping unmapped. False, with
 * nothing changed, when there is no memory. */
bool lsan_map_grow(void **data, size_t *cap, size_t used, size_t need, size_t size,
                   size_t min_cap);
/* Reserve address space (PROT_NONE, 2 MiB aligned); commit parts of it with
 * lsan_commit. */
void *lsan_reserve(size_t size);
bool lsan_commit(void *p, size_t size);

/* A tiny bump arena for runtime objects that live as long as the process
 * (thread records, suppression strings, ...). Thread-safe. */
void *lsan_persistent_alloc(size_t size);

/* Minimal string helpers that do not depend on libc. */
size_t lsan_strlen(const char *s);
int lsan_strcmp(const char *a, const char *b);
int lsan_strncmp(const char *a, const char *b, size_t n);
const char *lsan_strstr(const char *hay, const char *needle);
const char *lsan_strrchr(const char *s, int c);
void lsan_memcpy(void *d, const void *s, size_t n);
void lsan_memset(void *d, int c, size_t n);
char *lsan_strdup_persistent(const char *s);
/* Looks up NAME in the process environment without calling getenv. */
const char *lsan_getenv(const char *name);

#endif
