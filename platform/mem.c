/* Implementation of mem.h: internal mmap helpers, the persistent arena and
 * the libc-free byte copy and fill. Raw system calls only; must not call
 * libc malloc. */
#include "platform/mem.h"

#include <sys/mman.h>

#include "platform/bits.h"
#include "platform/mutex.h"

void *lsan_mem_map(size_t size)
{
    long r = sys_mmap(0, lsan_bits_round_up(size, LSAN_PAGE), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return sys_is_err(r) ? NULL : (void *)r;
}

void lsan_mem_unmap(void *p, size_t size)
{
    if (p)
        sys_munmap(p, lsan_bits_round_up(size, LSAN_PAGE));
}

bool lsan_mem_grow(void **data, size_t *cap, size_t used, size_t need, size_t size,
                   size_t min_cap)
{
    if (need <= *cap)
        return true;
    size_t n = *cap * 2 > min_cap ? *cap * 2 : min_cap;
    if (n < need)
        n = need;
    void *d = lsan_mem_map(n * size);
    if (!d)
        return false;
    if (*data) {
        lsan_mem_cpy(d, *data, used * size);
        lsan_mem_unmap(*data, *cap * size);
    }
    *data = d;
    *cap = n;
    return true;
}

/* Reservations start on a 2 MiB boundary, so their committed parts can be
 * backed by transparent huge pages. */
void *lsan_mem_reserve(size_t size)
{
    const uptr align = 2ul << 20;
    size = lsan_bits_round_up(size, LSAN_PAGE);
    long r = sys_mmap(0, size + align, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (sys_is_err(r))
        return NULL;
    uptr beg = lsan_bits_round_up((uptr)r, align);
    if (beg > (uptr)r)
        sys_munmap((void *)r, beg - (uptr)r);
    sys_munmap((void *)(beg + size), (uptr)r + size + align - (beg + size));
    return (void *)beg;
}

bool lsan_mem_commit(void *p, size_t size)
{
    long r = sys_mmap(p, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                      -1, 0);
    return !sys_is_err(r);
}

static struct lsan_mutex arena_mu;
static char *arena_pos, *arena_end;

void lsan_mem_after_fork_child(void) { arena_mu.state = 0; }

void *lsan_mem_persistent(size_t size)
{
    size = lsan_bits_round_up(size, 16);
    if (size > 64 * 1024)
        return lsan_mem_map(size);
    lsan_mutex_lock(&arena_mu);
    if (!arena_pos || (size_t)(arena_end - arena_pos) < size) {
        arena_pos = lsan_mem_map(1 << 20);
        if (!arena_pos) {
            lsan_mutex_unlock(&arena_mu);
            return NULL;
        }
        arena_end = arena_pos + (1 << 20);
    }
    void *p = arena_pos;
    arena_pos += size;
    lsan_mutex_unlock(&arena_mu);
    return p;
}

void lsan_mem_cpy(void *d, const void *s, size_t n)
{
    char *dd = d;
    const char *ss = s;
    while (n--)
        *dd++ = *ss++;
}

void lsan_mem_set(void *d, int c, size_t n)
{
    volatile char *dd = d;
    while (n--)
        *dd++ = (char)c;
}
