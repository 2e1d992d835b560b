/* TLS discovery for glibc x86-64 (TLS variant II): static TLS sits below the
 * thread pointer, struct pthread at it, and tcbhead_t.dtv at tp+8. Sizes come
 * from the loader (_dl_get_tls_static_info) and libc (_thread_db_sizeof_pthread). */
#include "platform/tls.h"

#include <dlfcn.h>

static uptr static_tls_size = 8192;
static uptr pthread_size = 2304;

void lsan_tls_init(void)
{
    void (*get_info)(size_t *, size_t *) =
        (void (*)(size_t *, size_t *))dlsym(RTLD_DEFAULT, "_dl_get_tls_static_info");
    if (get_info) {
        size_t size = 0, align = 0;
        get_info(&size, &align);
        if (size)
            static_tls_size = size;
    }
    const unsigned *sz = (const unsigned *)dlsym(RTLD_DEFAULT, "_thread_db_sizeof_pthread");
    if (sz && *sz)
        pthread_size = *sz;
}

/* glibc allocates the static block as [TLS blocks][struct pthread] with the
 * thread pointer at the struct: the block is size bytes ending at
 * tp + sizeof(struct pthread). */
void lsan_tls_static_range(uptr tp, uptr *lo, uptr *hi)
{
    *hi = tp + pthread_size;
    *lo = *hi > static_tls_size ? *hi - static_tls_size : 0;
    if (*lo > tp)
        *lo = tp;
}

void lsan_tls_dtv_range_stopped(uptr tp, uptr *lo, uptr *hi)
{
    *lo = *hi = 0;
    if (!tp || (tp & 7))
        return;
    uptr dtv = ((uptr *)tp)[1];
    if (!dtv || (dtv & 7))
        return;
    /* dtv[-1].counter holds the number of slots; entries are 16 bytes */
    uptr n = ((uptr *)dtv)[-2];
    if (n > (1u << 20))
        return;
    *lo = dtv - 16;
    *hi = dtv + (n + 1) * 16;
}
