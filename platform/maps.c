/* /proc/thread-self/maps parsing without libc: raw read into a stack buffer, line
 * by line. Runs while the world is stopped: no malloc, no errno, no locks. */
#include "platform/maps.h"

#include <sys/mman.h>

static const char *parse_hex(const char *s, uptr *v)
{
    uptr x = 0;
    for (;; s++) {
        char c = *s;
        if (c >= '0' && c <= '9')
            x = x * 16 + (uptr)(c - '0');
        else if (c >= 'a' && c <= 'f')
            x = x * 16 + (uptr)(c - 'a' + 10);
        else
            break;
    }
    *v = x;
    return s;
}

static int parse_line(const char *l, const char *end, struct lsan_mapping *m)
{
    const char *s = parse_hex(l, &m->lo);
    if (*s != '-')
        return -1;
    s = parse_hex(s + 1, &m->hi);
    if (s + 5 > end)
        return -1;
    s++;
    m->prot = (s[0] == 'r' ? PROT_READ : 0) | (s[1] == 'w' ? PROT_WRITE : 0) |
              (s[2] == 'x' ? PROT_EXEC : 0);
    s += 5;
    s = parse_hex(s, &m->offset);
    /* skip device and inode */
    for (int field = 0; field < 2 && s < end; field++) {
        while (s < end && *s == ' ')
            s++;
        while (s < end && *s != ' ')
            s++;
    }
    while (s < end && *s == ' ')
        s++;
    size_t n = 0;
    while (s < end && n + 1 < sizeof(m->path))
        m->path[n++] = *s++;
    m->path[n] = 0;
    return 0;
}

int lsan_maps_each(lsan_mapping_fn fn, void *arg)
{
    /* thread-self: /proc/self/maps reads empty once the main thread has
     * called pthread_exit (a zombie leader has no memory map) */
    int fd = (int)sys_openat(-100, "/proc/thread-self/maps", 0 /* O_RDONLY */ | 02000000 /* CLOEXEC */,
                             0);
    if (fd < 0)
        return fd;
    char buf[8192];
    size_t have = 0;
    struct lsan_mapping m;
    int ret = 0;
    for (;;) {
        long r = sys_read(fd, buf + have, sizeof(buf) - have);
        if (r == -4)
            continue;
        if (r < 0) {
            ret = (int)r;
            break;
        }
        have += (size_t)r;
        size_t start = 0;
        for (size_t i = 0; i < have; i++) {
            if (buf[i] != '\n')
                continue;
            if (parse_line(buf + start, buf + i, &m) == 0 && fn(&m, arg)) {
                sys_close(fd);
                return 0;
            }
            start = i + 1;
        }
        if (r == 0)
            break;
        /* keep the partial line; a line longer than the buffer is dropped */
        if (start == 0 && have == sizeof(buf))
            have = 0;
        else {
            for (size_t i = start; i < have; i++)
                buf[i - start] = buf[i];
            have -= start;
        }
    }
    sys_close(fd);
    return ret;
}

struct find_arg {
    uptr addr, lo, hi;
    int found;
};

static int find_cb(const struct lsan_mapping *m, void *arg)
{
    struct find_arg *a = arg;
    if (a->addr >= m->lo && a->addr < m->hi) {
        a->lo = m->lo;
        a->hi = m->hi;
        a->found = 1;
        return 1;
    }
    return 0;
}

int lsan_maps_find_mapping(uptr addr, uptr *lo, uptr *hi)
{
    struct find_arg a = {addr, 0, 0, 0};
    int r = lsan_maps_each(find_cb, &a);
    if (r < 0)
        return r;
    if (!a.found)
        return -2; /* -ENOENT */
    *lo = a.lo;
    *hi = a.hi;
    return 0;
}
