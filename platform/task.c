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
