/* The allocator_interface.h ABI of compiler-rt, over runtime/alloc.c. The
 * header is included so a signature mismatch is a build error. */
#include <sanitizer/allocator_interface.h>

#include "runtime/alloc.h"

LSAN_EXPORT size_t __sanitizer_get_estimated_allocated_size(size_t size) { return size ? size : 1; }

LSAN_EXPORT int __sanitizer_get_ownership(const volatile void *p)
{
    struct lsan_chunk c;
    return lsan_chunk_lookup_begin((uptr)p, &c);
}

LSAN_EXPORT size_t __sanitizer_get_allocated_size(const volatile void *p)
{
    return lsan_alloc_size((const void *)p);
}

/* Newer than the LLVM 14 header: declared here with compiler-rt's signature. */
LSAN_EXPORT const void *__sanitizer_get_allocated_begin(const void *p)
{
    struct lsan_chunk c;
    return lsan_chunk_lookup((uptr)p, &c) ? (const void *)c.beg : NULL;
}

LSAN_EXPORT size_t __sanitizer_get_current_allocated_bytes(void)
{
    struct lsan_alloc_stats s;
    lsan_alloc_get_stats(&s);
    return s.allocated;
}

LSAN_EXPORT size_t __sanitizer_get_heap_size(void)
{
    struct lsan_alloc_stats s;
    lsan_alloc_get_stats(&s);
    return s.mapped;
}

LSAN_EXPORT size_t __sanitizer_get_free_bytes(void)
{
    struct lsan_alloc_stats s;
    lsan_alloc_get_stats(&s);
    return s.free;
}

LSAN_EXPORT size_t __sanitizer_get_unmapped_bytes(void)
{
    struct lsan_alloc_stats s;
    lsan_alloc_get_stats(&s);
    return s.unmapped;
}

LSAN_EXPORT int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void *,
                                                                              size_t),
                                                          void (*free_hook)(const volatile void *))
{
    return lsan_alloc_install_hooks(malloc_hook, free_hook);
}

LSAN_EXPORT void __sanitizer_purge_allocator(void) { lsan_alloc_purge(); }
