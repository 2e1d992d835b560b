/* Where a thread's TLS lives on glibc x86-64: the static TLS block below the
 * thread pointer, the thread descriptor (struct pthread) above it, and the
 * dynamic thread vector (DTV) whose entries point at dynamic TLS blocks. */
#ifndef LSAN_PLATFORM_TLS_H
#define LSAN_PLATFORM_TLS_H

#include "platform/sys.h"

/* Looks up the loader's static TLS size and the size of struct pthread.
 * Call once libc is initialised. */
void lsan_tls_init(void);
/* The calling thread's thread pointer (%fs base). */
static inline uptr lsan_tls_thread_pointer(void)
{
    uptr tp;
    __asm__("mov %%fs:0, %0" : "=r"(tp));
    return tp;
}
/* [lo, hi): static TLS block plus thread descriptor of the thread whose
 * thread pointer is tp. */
void lsan_tls_static_range(uptr tp, uptr *lo, uptr *hi);
/* [lo, hi) of the DTV of the thread whose thread pointer is tp, or lo == hi
 * if it looks invalid. Safe while the world is stopped. */
void lsan_tls_dtv_range_stopped(uptr tp, uptr *lo, uptr *hi);

#endif
