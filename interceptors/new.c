/* Every C++ operator new and delete (plain, array, nothrow, sized, aligned and
 * their combinations), written with their Itanium-mangled names so no C++
 * runtime is needed. operator new never returns NULL: failure is a report. */
#include <errno.h>
#include <stddef.h>

#include "runtime/alloc.h"
#include "runtime/error.h"

#define LSAN_INTERCEPTOR LSAN_EXPORT LSAN_NOINLINE

typedef struct nothrow_t nothrow_t;

/* Not inlined: frame #0 of a stack must be the operator itself. */
static LSAN_NOINLINE void *new_or_die(size_t size, size_t align, struct lsan_site site)
{
    void *p = lsan_alloc_allocate(size, align < 16 ? 16 : align, false, site);
    if (!p)
        lsan_error_alloc(LSAN_ERR_NEW_FAILED, size, 0, site);
    return p;
}

static LSAN_NOINLINE void delete_impl(void *p, struct lsan_site site)
{
    int saved = errno;
    lsan_alloc_free(p, site);
    errno = saved;
}

/* new */
LSAN_INTERCEPTOR void *_Znwm(size_t n) { return new_or_die(n, 16, LSAN_SITE_HERE); }
LSAN_INTERCEPTOR void *_Znam(size_t n) { return new_or_die(n, 16, LSAN_SITE_HERE); }
LSAN_INTERCEPTOR void *_ZnwmRKSt9nothrow_t(size_t n, const nothrow_t *t)
{
    return lsan_alloc_allocate(n, 16, false, LSAN_SITE_HERE);
}
LSAN_INTERCEPTOR void *_ZnamRKSt9nothrow_t(size_t n, const nothrow_t *t)
{
    return lsan_alloc_allocate(n, 16, false, LSAN_SITE_HERE);
}
LSAN_INTERCEPTOR void *_ZnwmSt11align_val_t(size_t n, size_t a)
{
    return new_or_die(n, a, LSAN_SITE_HERE);
}
LSAN_INTERCEPTOR void *_ZnamSt11align_val_t(size_t n, size_t a)
{
    return new_or_die(n, a, LSAN_SITE_HERE);
}
LSAN_INTERCEPTOR void *_ZnwmSt11align_val_tRKSt9nothrow_t(size_t n, size_t a, const nothrow_t *t)
{
    return lsan_alloc_allocate(n, a < 16 ? 16 : a, false, LSAN_SITE_HERE);
}
LSAN_INTERCEPTOR void *_ZnamSt11align_val_tRKSt9nothrow_t(size_t n, size_t a, const nothrow_t *t)
{
    return lsan_alloc_allocate(n, a < 16 ? 16 : a, false, LSAN_SITE_HERE);
}

/* delete */
LSAN_INTERCEPTOR void _ZdlPv(void *p) { delete_impl(p, LSAN_SITE_HERE); }
LSAN_INTERCEPTOR void _ZdaPv(void *p) { delete_impl(p, LSAN_SITE_HERE); }
LSAN_INTERCEPTOR void _ZdlPvRKSt9nothrow_t(void *p, const nothrow_t *t) { delete_impl(p, LSAN_SITE_HERE); }
LSAN_INTERCEPTOR void _ZdaPvRKSt9nothrow_t(void *p, const nothrow_t *t) { delete_impl(p, LSAN_SITE_HERE); }
LSAN_INTERCEPTOR void _ZdlPvm(void *p, size_t n) { delete_impl(p, LSAN_SITE_HERE); }
LSAN_INTERCEPTOR void _ZdaPvm(void *p, size_t n) { delete_impl(p, LSAN_SITE_HERE); }
LSAN_INTERCEPTOR void _ZdlPvSt11align_val_t(void *p, size_t a) { delete_impl(p, LSAN_SITE_HERE); }
LSAN_INTERCEPTOR void _ZdaPvSt11align_val_t(void *p, size_t a) { delete_impl(p, LSAN_SITE_HERE); }
LSAN_INTERCEPTOR void _ZdlPvmSt11align_val_t(void *p, size_t n, size_t a) { delete_impl(p, LSAN_SITE_HERE); }
LSAN_INTERCEPTOR void _ZdaPvmSt11align_val_t(void *p, size_t n, size_t a) { delete_impl(p, LSAN_SITE_HERE); }
LSAN_INTERCEPTOR void _ZdlPvSt11align_val_tRKSt9nothrow_t(void *p, size_t a, const nothrow_t *t) { delete_impl(p, LSAN_SITE_HERE); }
LSAN_INTERCEPTOR void _ZdaPvSt11align_val_tRKSt9nothrow_t(void *p, size_t a, const nothrow_t *t) { delete_impl(p, LSAN_SITE_HERE); }
