/* The C allocation functions a program calls: the malloc family with glibc's
 * semantics (alignment rules, errno, malloc(0)), thin wrappers over
 * runtime/alloc.c. Each passes its own pc and frame so stacks start at the
 * caller. */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>

#include "runtime/alloc.h"
#include "runtime/error.h"
#include "runtime/flags.h"
#include "platform/bits.h"

#define LSAN_INTERCEPTOR LSAN_EXPORT LSAN_NOINLINE

LSAN_INTERCEPTOR void *malloc(size_t size)
{
    return lsan_alloc_allocate(size, 16, false, LSAN_SITE_HERE);
}

LSAN_INTERCEPTOR void free(void *p)
{
    int saved = errno;
    lsan_alloc_free(p, LSAN_SITE_HERE);
    errno = saved;
}

LSAN_INTERCEPTOR void *calloc(size_t n, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) {
        if (lsan_flags.allocator_may_return_null) {
            errno = ENOMEM;
            return NULL;
        }
        lsan_error_alloc(LSAN_ERR_CALLOC_OVERFLOW, n, size, LSAN_SITE_HERE);
    }
    return lsan_alloc_allocate(total, 16, true, LSAN_SITE_HERE);
}

LSAN_INTERCEPTOR void *realloc(void *p, size_t size)
{
    return lsan_alloc_realloc(p, size, LSAN_SITE_HERE);
}

LSAN_INTERCEPTOR void *reallocarray(void *p, size_t n, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) {
        if (lsan_flags.allocator_may_return_null) {
            errno = ENOMEM;
            return NULL;
        }
        lsan_error_alloc(LSAN_ERR_REALLOCARRAY_OVERFLOW, n, size, LSAN_SITE_HERE);
    }
    return lsan_alloc_realloc(p, total, LSAN_SITE_HERE);
}

/* Not inlined: frame #0 of a stack must be the interceptor itself. */
static LSAN_NOINLINE void *memalign_impl(size_t align, size_t size, struct lsan_site site)
{
    if (align > (SIZE_MAX >> 1) + 1) {
        errno = EINVAL;
        return NULL;
    }
    if (!lsan_bits_is_pow2(align))
        align = align <= 1 ? 1 : 1ul << (64 - __builtin_clzl(align - 1));
    return lsan_alloc_allocate(size, align < 16 ? 16 : align, false, site);
}

LSAN_INTERCEPTOR void *memalign(size_t align, size_t size)
{
    return memalign_impl(align, size, LSAN_SITE_HERE);
}

LSAN_INTERCEPTOR int posix_memalign(void **out, size_t align, size_t size)
{
    if (!lsan_bits_is_pow2(align) || align % sizeof(void *))
        return EINVAL;
    int saved = errno;
    void *p = lsan_alloc_allocate(size, align < 16 ? 16 : align, false, LSAN_SITE_HERE);
    if (!p) {
        errno = saved;
        return ENOMEM;
    }
    *out = p;
    return 0;
}

LSAN_INTERCEPTOR void *aligned_alloc(size_t align, size_t size)
{
    if (!lsan_bits_is_pow2(align)) {
        errno = EINVAL;
        return NULL;
    }
    return lsan_alloc_allocate(size, align < 16 ? 16 : align, false, LSAN_SITE_HERE);
}

LSAN_INTERCEPTOR void *valloc(size_t size)
{
    return lsan_alloc_allocate(size, LSAN_PAGE, false, LSAN_SITE_HERE);
}

LSAN_INTERCEPTOR void *pvalloc(size_t size)
{
    size_t rounded = lsan_bits_round_up(size ? size : 1, LSAN_PAGE);
    if (rounded < size) {
        errno = ENOMEM;
        return NULL;
    }
    return lsan_alloc_allocate(rounded, LSAN_PAGE, false, LSAN_SITE_HERE);
}

LSAN_INTERCEPTOR size_t malloc_usable_size(void *p) { return p ? lsan_alloc_size(p) : 0; }

/* C23: size (and alignment) must be those the block was allocated with. */
LSAN_INTERCEPTOR void free_sized(void *p, size_t size)
{
    int saved = errno;
    lsan_alloc_free_sized(p, size, 0, false, LSAN_SITE_HERE);
    errno = saved;
}

LSAN_INTERCEPTOR void free_aligned_sized(void *p, size_t align, size_t size)
{
    int saved = errno;
    lsan_alloc_free_sized(p, size, align, true, LSAN_SITE_HERE);
    errno = saved;
}

LSAN_INTERCEPTOR struct mallinfo2 mallinfo2(void)
{
    struct lsan_alloc_stats s;
    struct mallinfo2 mi = {0};
    lsan_alloc_get_stats(&s);
    mi.arena = s.mapped;
    mi.uordblks = s.allocated;
    mi.fordblks = s.free;
    mi.hblkhd = s.unmapped;
    return mi;
}

LSAN_INTERCEPTOR struct mallinfo mallinfo(void)
{
    struct mallinfo2 m2 = mallinfo2();
    struct mallinfo mi = {0};
    mi.arena = (int)m2.arena;
    mi.uordblks = (int)m2.uordblks;
    mi.fordblks = (int)m2.fordblks;
    mi.hblkhd = (int)m2.hblkhd;
    return mi;
}

/* Tuning parameters of glibc's allocator mean nothing here; accept them. */
LSAN_INTERCEPTOR int mallopt(int param, int value) { return 1; }

LSAN_INTERCEPTOR int malloc_trim(size_t pad)
{
    lsan_alloc_purge();
    return 1;
}

/* glibc's internal names, for programs that call them directly. */
LSAN_INTERCEPTOR void *__libc_malloc(size_t size)
{
    return lsan_alloc_allocate(size, 16, false, LSAN_SITE_HERE);
}
LSAN_INTERCEPTOR void __libc_free(void *p)
{
    int saved = errno;
    lsan_alloc_free(p, LSAN_SITE_HERE);
    errno = saved;
}
LSAN_INTERCEPTOR void *__libc_calloc(size_t n, size_t size) { return calloc(n, size); }
LSAN_INTERCEPTOR void *__libc_realloc(void *p, size_t size)
{
    return lsan_alloc_realloc(p, size, LSAN_SITE_HERE);
}
LSAN_INTERCEPTOR void *__libc_memalign(size_t align, size_t size)
{
    return memalign_impl(align, size, LSAN_SITE_HERE);
}
