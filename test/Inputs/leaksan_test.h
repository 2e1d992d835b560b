/* Included first by the self-checking tests: EXPECT() ends the program with
 * status 99 naming the failed condition, and a constructor ends it with 98
 * unless leaksan is the process's allocator, so no test passes on glibc's.
 * The sanitizer interface is referenced weakly: a preload-mode test program is
 * linked without leaksan and finds these functions in it at run time. Tests
 * include this header first and get the sanitizer interface headers from it. */
#ifndef LEAKSAN_TEST_H
#define LEAKSAN_TEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sanitizer/allocator_interface.h>
#include <sanitizer/lsan_interface.h>

#ifdef __cplusplus
extern "C" {
#endif
#define LEAKSAN_TEST_WEAK __attribute__((weak))
/* newer than LLVM 14's allocator_interface.h */
LEAKSAN_TEST_WEAK const void *__sanitizer_get_allocated_begin(const void *p);
LEAKSAN_TEST_WEAK size_t __sanitizer_get_estimated_allocated_size(size_t size);
LEAKSAN_TEST_WEAK int __sanitizer_get_ownership(const volatile void *p);
LEAKSAN_TEST_WEAK size_t __sanitizer_get_allocated_size(const volatile void *p);
LEAKSAN_TEST_WEAK size_t __sanitizer_get_current_allocated_bytes(void);
LEAKSAN_TEST_WEAK size_t __sanitizer_get_heap_size(void);
LEAKSAN_TEST_WEAK size_t __sanitizer_get_free_bytes(void);
LEAKSAN_TEST_WEAK size_t __sanitizer_get_unmapped_bytes(void);
LEAKSAN_TEST_WEAK int __sanitizer_install_malloc_and_free_hooks(
    void (*malloc_hook)(const volatile void *, size_t), void (*free_hook)(const volatile void *));
LEAKSAN_TEST_WEAK void __sanitizer_purge_allocator(void);
LEAKSAN_TEST_WEAK void __lsan_disable(void);
LEAKSAN_TEST_WEAK void __lsan_enable(void);
LEAKSAN_TEST_WEAK void __lsan_ignore_object(const void *p);
LEAKSAN_TEST_WEAK void __lsan_register_root_region(const void *p, size_t size);
LEAKSAN_TEST_WEAK void __lsan_unregister_root_region(const void *p, size_t size);
LEAKSAN_TEST_WEAK void __lsan_do_leak_check(void);
LEAKSAN_TEST_WEAK int __lsan_do_recoverable_leak_check(void);
/* C23, newer than this glibc */
LEAKSAN_TEST_WEAK void free_sized(void *p, size_t size);
LEAKSAN_TEST_WEAK void free_aligned_sized(void *p, size_t alignment, size_t size);
#ifdef __cplusplus
}
#endif

#define EXPECT(cond)                                                          \
    do {                                                                      \
        if (!(cond)) {                                                        \
            fprintf(stderr, "%s:%d: EXPECT failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                   \
            fflush(stderr);                                                   \
            _exit(99);                                                        \
        }                                                                     \
    } while (0)

static inline int is_aligned(const void *p, size_t align)
{
    return ((uintptr_t)p & (align - 1)) == 0;
}

__attribute__((constructor)) static void leaksan_test_require_leaksan(void)
{
    typedef int (*ownership_fn)(const volatile void *);
    ownership_fn own = (ownership_fn)dlsym(RTLD_DEFAULT, "__sanitizer_get_ownership");
    void *p = malloc(24);
    if (!own || !own(p)) {
        fprintf(stderr, "leaksan is not this process's allocator (no LD_PRELOAD?)\n");
        _exit(98);
    }
    free(p);
}

#endif
