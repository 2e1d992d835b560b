/* The errno table behind lsan_errno_name and lsan_errno_text (errno.h). */
#include "platform/errno.h"

#include <errno.h>

static const struct {
    int e;
    const char *name, *text;
} tab[] = {
    {EPERM, "EPERM", "Operation not permitted (EPERM)"},
    {ENOENT, "ENOENT", "No such file or directory (ENOENT)"},
    {ESRCH, "ESRCH", "No such process (ESRCH)"},
    {E2BIG, "E2BIG", "Argument list too long (E2BIG)"},
    {ENOEXEC, "ENOEXEC", "Exec format error (ENOEXEC)"},
    {ECHILD, "ECHILD", "No child processes (ECHILD)"},
    {EAGAIN, "EAGAIN", "Try again (EAGAIN)"},
    {ENOMEM, "ENOMEM", "Out of memory (ENOMEM)"},
    {EACCES, "EACCES", "Permission denied (EACCES)"},
    {ENFILE, "ENFILE", "Too many open files in system (ENFILE)"},
    {EMFILE, "EMFILE", "Too many open files (EMFILE)"},
    {ETIMEDOUT, "ETIMEDOUT", "Connection timed out (ETIMEDOUT)"},
};

static int find(int e)
{
    if (e < 0)
        e = -e;
    for (int i = 0; i < (int)(sizeof(tab) / sizeof(tab[0])); i++)
        if (tab[i].e == e)
            return i;
    return -1;
}

const char *lsan_errno_name(int e)
{
    int i = find(e);
    return i < 0 ? "error" : tab[i].name;
}

const char *lsan_errno_text(int e)
{
    int i = find(e);
    return i < 0 ? "unknown error" : tab[i].text;
}
