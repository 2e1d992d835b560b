/* /proc/TGID/task/TID/stat, read with raw system calls (see task.h). */
#include "platform/task.h"

#include <errno.h>
#include <fcntl.h>

#include "platform/sys.h"

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

void lsan_task_dir_path(char *buf, int tgid) { *task_dir(buf, tgid) = 0; }

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

void lsan_task_status_field(int tid, const char *field, char *out, size_t len)
{
    char path[64], buf[4096];
    char *p = put_str(path, "/proc/self/");
    if (tid)
        p = put_str(put_dec(put_str(p, "task/"), (unsigned)tid), "/");
    *put_str(p, "status") = 0;
    out[0] = 0;
    long n, fd = sys_openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0)
        return;
    do
        n = sys_read((int)fd, buf, sizeof(buf) - 1);
    while (n == -EINTR);
    sys_close((int)fd);
    if (n <= 0)
        return;
    buf[n] = 0;
    for (long i = 0; i < n; i++) {
        if (i && buf[i - 1] != '\n')
            continue;
        long k = 0;
        while (field[k] && buf[i + k] == field[k])
            k++;
        if (field[k])
            continue;
        const char *v = buf + i + k;
        while (*v == ' ' || *v == '\t')
            v++;
        size_t j = 0;
        while (v[j] && v[j] != '\n' && j + 1 < len)
            out[j] = v[j], j++;
        out[j] = 0;
        return;
    }
}

/* The value of "Threads:" in /proc/self/status, or -1. */
static int proc_thread_count(void)
{
    char v[32];
    lsan_task_status_field(0, "Threads:", v, sizeof(v));
    long i = 0; /* v ends in a NUL, where the digits stop */
    return parse_dec(v, (long)sizeof(v), &i);
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
