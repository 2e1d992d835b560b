/* The non-allocating formatter and the report output channel (stderr,
 * stdout or log_path.PID, as the runtime sets it). Usable before libc is
 * initialised; no locks beyond one mutex for the log file. */
#include "platform/fmt.h"

#include <fcntl.h>

#include "platform/base.h"
#include "platform/mem.h"
#include "platform/mutex.h"
#include "platform/str.h"

struct out {
    char *buf;
    size_t n, pos;
};

static void put(struct out *o, char c)
{
    if (o->pos + 1 < o->n)
        o->buf[o->pos] = c;
    o->pos++;
}

static void put_num(struct out *o, unsigned long long v, unsigned base, int width, char pad,
                    bool neg)
{
    char tmp[32];
    int len = 0;
    do {
        tmp[len++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        tmp[len++] = '-';
    for (int i = len; i < width; i++)
        put(o, pad);
    while (len)
        put(o, tmp[--len]);
}

int lsan_fmt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    struct out o = {buf, n, 0};
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            put(&o, *f);
            continue;
        }
        f++;
        char pad = ' ';
        int width = 0, lng = 0;
        bool left = false;
        if (*f == '-')
            left = true, f++;
        if (*f == '0')
            pad = '0', f++;
        if (*f == '*') {
            width = va_arg(ap, int);
            f++;
        }
        while (*f >= '0' && *f <= '9')
            width = width * 10 + (*f++ - '0');
        int prec = -1;
        if (*f == '.') {
            f++;
            prec = 0;
            if (*f == '*') {
                prec = va_arg(ap, int);
                f++;
            }
            while (*f >= '0' && *f <= '9')
                prec = prec * 10 + (*f++ - '0');
        }
        while (*f == 'l' || *f == 'z')
            lng++, f++;
        switch (*f) {
        case 'd':
        case 'i': {
            long long v = lng ? va_arg(ap, long long) : va_arg(ap, int);
            unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
            put_num(&o, u, 10, width, pad, v < 0);
            break;
        }
        case 'u':
        case 'x': {
            unsigned long long v = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            put_num(&o, v, *f == 'x' ? 16 : 10, width, pad, false);
            break;
        }
        case 'p':
            put(&o, '0');
            put(&o, 'x');
            put_num(&o, (uptr)va_arg(ap, void *), 16, width, pad, false);
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            int len = 0;
            while (s[len] && (prec < 0 || len < prec))
                len++;
            if (!left)
                for (int i = len; i < width; i++)
                    put(&o, ' ');
            for (int i = 0; i < len; i++)
                put(&o, s[i]);
            if (left)
                for (int i = len; i < width; i++)
                    put(&o, ' ');
            break;
        }
        case 'c':
            put(&o, (char)va_arg(ap, int));
            break;
        case '%':
            put(&o, '%');
            break;
        default:
            put(&o, '%');
            if (*f)
                put(&o, *f);
            else
                f--;
        }
    }
    if (n)
        buf[o.pos < n ? o.pos : n - 1] = 0;
    return (int)o.pos;
}

int lsan_fmt_snprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = lsan_fmt_vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

static struct lsan_mutex log_mu;
static const char *volatile log_path; /* NULL: stderr */
static int log_fd = -1;
static long log_pid;

static void write_all(int fd, const char *s, size_t n)
{
    while (n) {
        long r = sys_write(fd, s, n);
        if (r == -4 /* EINTR */)
            continue;
        if (r <= 0)
            return;
        s += r;
        n -= (size_t)r;
    }
}

/* The report fd: stderr, stdout, or log_path.<pid>, reopened after fork. */
static int report_fd(void)
{
    const char *path = log_path;
    if (!path || !*path || !lsan_str_cmp(path, "stderr"))
        return 2;
    if (!lsan_str_cmp(path, "stdout"))
        return 1;
    long pid = sys_getpid();
    if (log_fd >= 0 && log_pid == pid)
        return log_fd;
    char name[4096 + 32];
    lsan_fmt_snprintf(name, sizeof(name), "%s.%ld", path, pid);
    int fd = (int)sys_openat(-100, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        char msg[4200];
        int len = lsan_fmt_snprintf(msg, sizeof(msg),
                                    "==%ld==leaksan: cannot open log_path file '%s' (errno %d); "
                                    "writing the report to stderr instead\n",
                                    pid, name, -fd);
        write_all(2, msg, (size_t)len < sizeof(msg) ? (size_t)len : sizeof(msg) - 1);
        log_path = "stderr";
        return 2;
    }
    log_fd = fd;
    log_pid = pid;
    return fd;
}

void lsan_fmt_set_log_path(const char *path) { log_path = path; }

void lsan_fmt_after_fork_child(void) { log_mu.state = 0; }

void lsan_fmt_write_raw(const char *s, size_t n)
{
    lsan_mutex_lock(&log_mu);
    write_all(report_fd(), s, n);
    lsan_mutex_unlock(&log_mu);
}

void lsan_fmt_printf(const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = lsan_fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    lsan_fmt_write_raw(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void lsan_fmt_vfdprintf(int fd, const char *fmt, va_list ap)
{
    char buf[2048];
    int n = lsan_fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
    write_all(fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void lsan_fmt_eprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    lsan_fmt_vfdprintf(2, fmt, ap);
    va_end(ap);
}

void lsan_fmt_buf_append(struct lsan_fmt_buf *b, const char *s, size_t n)
{
    void *data = b->data;
    if (!lsan_mem_grow(&data, &b->cap, b->len, b->len + n + 1, 1, LSAN_PAGE))
        return;
    b->data = data;
    lsan_mem_cpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void lsan_fmt_buf_printf(struct lsan_fmt_buf *b, const char *fmt, ...)
{
    char tmp[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = lsan_fmt_vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    lsan_fmt_buf_append(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

void lsan_fmt_buf_free(struct lsan_fmt_buf *b)
{
    lsan_mem_unmap(b->data, b->cap);
    b->data = NULL;
    b->len = b->cap = 0;
}
