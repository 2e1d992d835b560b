/* The lsan_interface.h ABI of compiler-rt: disable/enable, ignore_object,
 * root regions and the two leak-check entry points. The header is included so
 * a signature mismatch is a build error. */
#include <sanitizer/lsan_interface.h>

#include "platform/check.h"
#include "platform/fmt.h"
#include "runtime/alloc.h"
#include "runtime/flags.h"
#include "runtime/init.h"
#include "runtime/leak.h"

LSAN_EXPORT void __lsan_disable(void) { lsan_alloc_disabled_depth++; }

LSAN_EXPORT void __lsan_enable(void)
{
    if (lsan_alloc_disabled_depth <= 0) {
        lsan_fmt_eprintf("==%ld==leaksan: __lsan_enable() called without a matching __lsan_disable()\n",
                         sys_getpid());
        lsan_check_die(1);
    }
    lsan_alloc_disabled_depth--;
}

LSAN_EXPORT void __lsan_ignore_object(const void *p)
{
    if (!lsan_alloc_ignore(p) && lsan_flags.verbosity >= 1)
        lsan_fmt_eprintf("==%ld==leaksan: __lsan_ignore_object(): no heap object found at %p\n",
                         sys_getpid(), p);
}

LSAN_EXPORT void __lsan_register_root_region(const void *p, size_t size)
{
    lsan_leak_root_region_add((uptr)p, size);
}

LSAN_EXPORT void __lsan_unregister_root_region(const void *p, size_t size)
{
    if (!lsan_leak_root_region_remove((uptr)p, size)) {
        lsan_fmt_eprintf("==%ld==leaksan: __lsan_unregister_root_region(): region at %p of size %zu "
                         "was not registered\n",
                         sys_getpid(), p, size);
        lsan_check_die(1);
    }
}

/* The entry points spill every callee-saved register into their own frame
 * and pass their stack pointer down: the caller's frames are scanned,
 * leaksan's own frames below are not. */
#define CALLER_SP()                                             \
    ({                                                          \
        uptr sp_;                                               \
        __builtin_unwind_init();                                \
        __asm__ volatile("mov %%rsp, %0" : "=r"(sp_));          \
        sp_;                                                    \
    })

LSAN_EXPORT LSAN_NOINLINE void __lsan_do_leak_check(void)
{
    if (!lsan_init_done)
        lsan_init();
    lsan_leak_check_fatal(CALLER_SP());
}

LSAN_EXPORT LSAN_NOINLINE int __lsan_do_recoverable_leak_check(void)
{
    if (!lsan_init_done)
        lsan_init();
    return lsan_leak_check_recoverable(CALLER_SP());
}
