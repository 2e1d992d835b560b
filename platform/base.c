/* Implementation of base.h: futex mutex, internal mmap helpers, the
 * persistent arena, libc-free string helpers and the two ways to end the
 * process. Must not call libc malloc. */
#include "platform/base.h"

#include "platform/fmt.h"

#include <sys/mman.h>

extern char **__environ;

void lsan_mutex_lock_slow(struct lsan_mutex *m)
{
    for (int i = 0; i < 100; i++) {
        if (m->state == 0 && lsan_mutex_trylock(m))
            return;
        __builtin_ia32_pause();
    }
    while (__atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE) != 0)
        sys_futex(&m->state, FUTEX_WAIT_PRIVATE, 2, 0);
}

void lsan_mutex_unlock(struct lsan_mutex *m)
{
    lsan_mutex_releasing(m);
    if (__atomic_exchange_n(&m->state, 0, __ATOMIC_RELEASE) == 2)
        sys_futex(&m->state, FUTEX_WAKE_PRIVATE, 1, 0);
}

void *lsan_map(size_t size)
{
    long r = sys_mmap(0, lsan_round_up(size, LSAN_PAGE), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return sys_is_err(r) ? NULL : (void *)r;
}

void lsan_unmap(void *p, size_t size)
{
    if (p)
        sys_munmap(p, lsan_round_up(size, LSAN_PAGE));
}

bool lsan_map_grow(void **data, size_t *cap, size_t used, size_t need, size_t size,
                   size_t min_cap)
{
    if (need <= *cap)
        return true;
    size_t n = *cap * 2 > min_cap ? *cap * 2 : min_cap;
    if (n < need)
        n = need;
    void *d = lsan_map(n * size);
    if (!d)
        return false;
    if (*data) {
        lsan_memcpy(d, *data, used * size);
        lsan_unmap(*data, *cap * size);
    }
    *data = d;
    *cap = n;
    return true;
}

/* Reservations start on a 2 MiB boundary, so their committed parts can be
 * backed by transparent huge pages. */
void *lsan_reserve(size_t size)
{
    const uptr align = 2ul << 20;
    size = lsan_round_up(size, LSAN_PAGE);
    long r = sys_mmap(0, size + align, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (sys_is_err(r))
        return NULL;
    uptr beg = lsan_round_up((uptr)r, align);
    if (beg > (uptr)r)
        sys_munmap((void *)r, beg - (uptr)r);
    sys_munmap((void *)(beg + size), (uptr)r + size + align - (beg + size));
    return (void *)beg;
}

bool lsan_commit(void *p, size_t size)
{
    long r = sys_mmap(p, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                      -1, 0);
    return !sys_is_err(r);
}

static struct lsan_mutex arena_mu;
static char *arena_pos, *arena_end;

void lsan_base_after_fork_child(void) { arena_mu.state = 0; }

void *lsan_persistent_alloc(size_t size)
{
    size = lsan_round_up(size, 16);
    if (size > 64 * 1024)
        return lsan_map(size);
    lsan_mutex_lock(&arena_mu);
    if (!arena_pos || (size_t)(arena_end - arena_pos) < size) {
        arena_pos = lsan_map(1 << 20);
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

size_t lsan_strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int lsan_strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int lsan_strncmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i] || !a[i])
            return (unsigned char)a[i] - (unsigned char)b[i];
    }
    return 0;
}

const char *lsan_strstr(const char *hay, const char *needle)
{
    size_t n = lsan_strlen(needle);
    for (; *hay; hay++)
        if (!lsan_strncmp(hay, needle, n))
            return hay;
    return n ? NULL : hay;
}

const char *lsan_strrchr(const char *s, int c)
{
    const char *r = NULL;
    for (; *s; s++)
        if (*s == (char)c)
            r = s;
    return r;
}

void lsan_memcpy(void *d, const void *s, size_t n)
{
    char *dd = d;
    const char *ss = s;
    while (n--)
        *dd++ = *ss++;
}

void lsan_memset(void *d, int c, size_t n)
{
    volatile char *dd = d;
    while (n--)
        *dd++ = (char)c;
}

char *lsan_strdup_persistent(const char *s)
{
    size_t n = lsan_strlen(s);
    char *d = lsan_persistent_alloc(n + 1);
    if (d) {
        lsan_memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

/* The environment as the kernel passed it, for calls before libc set
 * __environ (the loader may call malloc that early). */
static const char *proc_environ(const char *name, size_t n)
{
    /* published with buf last, so a signal handler or another thread that
     * sees buf sees its length too; two first callers each read the file,
     * and one copy is left unused */
    static char *buf;
    static size_t len;
    char *b = __atomic_load_n(&buf, __ATOMIC_ACQUIRE);
    if (!b) {
        int fd = (int)sys_openat(-100, "/proc/self/environ", 02000000 /* O_CLOEXEC */, 0);
        if (fd < 0)
            return NULL;
        size_t cap = 1 << 20;
        b = lsan_map(cap);
        size_t got = 0;
        long r;
        while (b && got < cap - 1 && (r = sys_read(fd, b + got, cap - 1 - got)) != 0) {
            if (r == -4 /* EINTR */)
                continue;
            if (r < 0)
                break;
            got += (size_t)r;
        }
        sys_close(fd);
        if (!b)
            return NULL;
        char *none = NULL;
        __atomic_store_n(&len, got, __ATOMIC_RELAXED);
        if (!__atomic_compare_exchange_n(&buf, &none, b, false, __ATOMIC_ACQ_REL,
                                         __ATOMIC_ACQUIRE)) {
            lsan_unmap(b, cap);
            b = none;
        }
    }
    size_t l = __atomic_load_n(&len, __ATOMIC_RELAXED);
    for (size_t i = 0; i < l; i += lsan_strlen(b + i) + 1)
        if (!lsan_strncmp(b + i, name, n) && b[i + n] == '=')
            return b + i + n + 1;
    return NULL;
}

const char *lsan_getenv(const char *name)
{
    size_t n = lsan_strlen(name);
    if (!__environ)
        return proc_environ(name, n);
    for (char **e = __environ; *e; e++)
        if (!lsan_strncmp(*e, name, n) && (*e)[n] == '=')
            return *e + n + 1;
    return NULL;
}

void lsan_check_failed(const char *file, int line, const char *expr)
{
    lsan_eprintf("==%ld==leaksan: CHECK failed: %s:%d \"%s\"\n", sys_getpid(), file, line, expr);
    sys_exit_group(1);
}

void lsan_die(int code)
{
    sys_exit_group(code);
}
