/* Implementation of env.h: reads libc's __environ (data, not a call) or, before
 * libc set it, /proc/self/environ into mmap memory. Raw system calls only;
 * no malloc, no getenv. */
#include "platform/env.h"

#include "platform/mem.h"
#include "platform/str.h"

extern char **__environ;

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
        b = lsan_mem_map(cap);
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
            lsan_mem_unmap(b, cap);
            b = none;
        }
    }
    size_t l = __atomic_load_n(&len, __ATOMIC_RELAXED);
    for (size_t i = 0; i < l; i += lsan_str_len(b + i) + 1)
        if (!lsan_str_ncmp(b + i, name, n) && b[i + n] == '=')
            return b + i + n + 1;
    return NULL;
}

const char *lsan_env_get(const char *name)
{
    size_t n = lsan_str_len(name);
    if (!__environ)
        return proc_environ(name, n);
    for (char **e = __environ; *e; e++)
        if (!lsan_str_ncmp(*e, name, n) && (*e)[n] == '=')
            return *e + n + 1;
    return NULL;
}
