/* What /proc says about the threads of a process, read with raw system
 * calls (see task.h). */
#include "platform/task.h"

#include <errno.h>
#include <fcntl.h>

#include "platform/base.h"
#include "platform/str.h"

static char *put_str(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

static char *put_dec(char *p, unsigned v)
{
    unsigned div = 1;
    while (v / div >= 10)
        div *= 10;
    for (; div; div /= 10)
        *p++ = (char)('0' + v / div % 10);
    return p;
}

static char *task_dir(char *buf, int tgid)
{
    return put_str(put_dec(put_str(buf, "/proc/"), (unsigned)tgid), "/task");
}


char lsan_task_state_stopped(int tgid, int tid)
{
    char path[64], buf[512];
    *put_str(put_dec(put_str(task_dir(path, tgid), "/"), (unsigned)tid), "/stat") = 0;
    long n, fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return fd == -ENOENT || fd == -ESRCH ? '?' : '!';
    do
        n = sys_read((int)fd, buf, sizeof(buf));
    while (n == -EINTR);
    sys_close((int)fd);
    for (long i = n - 1; i >= 0; i--) /* after the last ')' of the comm */
        if (buf[i] == ')')
            return i + 2 < n ? buf[i + 2] : '!';
    return n == -ESRCH ? '?' : '!';
}

static int parse_dec(const char *s, long n, long *i)
{
    int v = 0;
    while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
        (*i)++;
    if (*i >= n || s[*i] < '0' || s[*i] > '9')
        return -1;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9')
        v = v * 10 + (s[(*i)++] - '0');
    return v;
}

/* The status file of thread tid, or of the process when tid is 0. */
static void status_path(char *path, int tid)
{
    char *p = put_str(path, "/proc/self/");
    if (tid)
        p = put_str(put_dec(put_str(p, "task/"), (unsigned)tid), "/");
    *put_str(p, "status") = 0;
}

/* Read line by line, with lines cut to the line buffer (Groups can be long;
 * no field leaksan reads needs more). */
int lsan_task_status_field(int tid, const char *field, char *out, size_t len)
{
    char path[64], buf[512], line[160];
    status_path(path, tid);
    out[0] = 0;
    long n, fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return (int)fd;
    size_t at = 0, k = lsan_str_len(field);
    int r = -ENODATA;
    while (r == -ENODATA && ((n = sys_read((int)fd, buf, sizeof(buf))) > 0 || n == -EINTR)) {
        for (long i = 0; i < n && r == -ENODATA; i++) {
            if (buf[i] != '\n') {
                if (at < sizeof(line) - 1)
                    line[at++] = buf[i];
                continue;
            }
            line[at] = 0;
            at = 0;
            size_t m = 0;
            while (m < k && line[m] == field[m])
                m++;
            if (m < k)
                continue;
            const char *v = line + k;
            while (*v == ' ' || *v == '\t')
                v++;
            size_t j = 0;
            while (v[j] && j + 1 < len)
                out[j] = v[j], j++;
            out[j] = 0;
            r = 0;
        }
    }
    if (r == -ENODATA && n < 0)
        r = (int)n;
    sys_close((int)fd);
    return r;
}

int lsan_task_status_number(int tid, const char *field, int base, uint64_t *out)
{
    char v[64];
    int r = lsan_task_status_field(tid, field, v, sizeof(v));
    if (r)
        return r;
    uint64_t x = 0;
    for (const char *p = v;; p++) {
        int c = *p | 32;
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : base;
        if (d >= base)
            break;
        x = x * (uint64_t)base + (uint64_t)d;
    }
    *out = x;
    return 0;
}

int lsan_task_each(int tgid, int (*fn)(int tid, void *arg), void *arg)
{
    char path[48], buf[4096] __attribute__((aligned(8)));
    if (tgid)
        task_dir(path, tgid)[0] = 0;
    else
        put_str(path, "/proc/self/task")[0] = 0;
    long n, fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (fd < 0)
        return (int)fd;
    int r = 0;
    while (!r && ((n = sys_getdents64((int)fd, buf, sizeof(buf))) > 0 || n == -EINTR)) {
        for (long off = 0; off < n && !r;) {
            const char *name = buf + off + 19; /* after d_ino, d_off, d_reclen, d_type */
            unsigned tid = 0;
            off += *(const unsigned short *)(buf + off + 16);
            for (; *name >= '0' && *name <= '9'; name++)
                tid = tid * 10 + (unsigned)(*name - '0');
            if (tid && !*name)
                r = fn((int)tid, arg);
        }
    }
    if (!r && n < 0)
        r = (int)n;
    sys_close((int)fd);
    return r;
}

/* The value of "Threads:" in /proc/self/status, or -1. */
static int proc_thread_count(void)
{
    uint64_t v;
    return lsan_task_status_number(0, "Threads:", 10, &v) ? -1 : (int)v;
}

int lsan_task_proc_pid(void)
{
    char buf[32];
    long n = sys_readlink("/proc/self", buf, sizeof(buf) - 1);
    if (n <= 0)
        return (int)(n < 0 ? n : -ENOENT);
    long i = 0;
    int v = parse_dec(buf, n, &i);
    return v < 0 || i != n ? -EINVAL : v;
}

int lsan_task_proc_describes_self(int pid, int *proc_pid, int *threads)
{
    *proc_pid = lsan_task_proc_pid();
    *threads = 0;
    if (*proc_pid < 0 || *proc_pid == pid)
        return 0; /* no /proc: the backends say so themselves */
    *threads = proc_thread_count();
    return *threads == 1 ? 0 : -ESRCH;
}
