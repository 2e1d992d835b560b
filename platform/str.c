/* Implementation of str.h: libc-free string helpers. No libc call, no
 * allocation except lsan_str_dup_persistent's persistent arena. */
#include "platform/str.h"

#include "platform/mem.h"

size_t lsan_str_len(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int lsan_str_cmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int lsan_str_ncmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i] || !a[i])
            return (unsigned char)a[i] - (unsigned char)b[i];
    }
    return 0;
}

const char *lsan_str_str(const char *hay, const char *needle)
{
    size_t n = lsan_str_len(needle);
    for (; *hay; hay++)
        if (!lsan_str_ncmp(hay, needle, n))
            return hay;
    return n ? NULL : hay;
}

const char *lsan_str_rchr(const char *s, int c)
{
    const char *r = NULL;
    for (; *s; s++)
        if (*s == (char)c)
            r = s;
    return r;
}

char *lsan_str_dup_persistent(const char *s)
{
    size_t n = lsan_str_len(s);
    char *d = lsan_mem_persistent(n + 1);
    if (d) {
        lsan_mem_cpy(d, s, n);
        d[n] = 0;
    }
    return d;
}
