/* Leak suppressions: parsed at start-up from the suppressions file and
 * __lsan_default_suppressions(), matched (with the world running) against the
 * symbolized frames of a leak's allocation stack. */
#include "runtime/suppress.h"

#include <fcntl.h>

#include "platform/check.h"
#include "runtime/classify.h"
#include "runtime/depot.h"
#include "runtime/flags.h"
#include "platform/fmt.h"
#include "platform/mem.h"
#include "platform/str.h"
#include "runtime/report.h"
#include "runtime/symbolize.h"

struct lsan_suppression {
    const char *templ;
    uptr hits;
    uptr bytes;
};

/* grows by doubling in leaksan's own mmap'd memory: no fixed cap */
static struct lsan_suppression *supps;
static size_t n_supps, cap_supps;

/* per stack id: 0 unknown, 1 + index of the match, or UINT32_MAX for none */
#define CACHE_SIZE 4096
static struct {
    u32 stack_id, result;
} cache[CACHE_SIZE];

__attribute__((weak)) const char *__lsan_default_suppressions(void);

static __attribute__((noreturn)) void bad(const char *source, int line, const char *msg, const char *text, size_t len)
{
    lsan_fmt_eprintf("==%ld==leaksan: %s:%d: %s: '%.*s' (a suppression is written leak:PATTERN)\n",
                     sys_getpid(), source, line, msg, (int)len, text);
    lsan_check_die(1);
}

static int grow(void)
{
    void *grown = supps;
    if (!lsan_mem_grow(&grown, &cap_supps, n_supps, cap_supps + 1, sizeof(*supps), 256))
        return -12; /* ENOMEM */
    supps = grown;
    return 0;
}

static void parse(const char *text, size_t len, const char *source)
{
    int line = 0;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        line++;
        size_t b = i, e = j;
        while (b < e && (text[b] == ' ' || text[b] == '\t' || text[b] == '\r'))
            b++;
        while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r'))
            e--;
        i = j + 1;
        if (b == e || text[b] == '#')
            continue;
        size_t colon = b;
        while (colon < e && text[colon] != ':')
            colon++;
        if (colon == e)
            bad(source, line, "missing 'TYPE:' in suppression", text + b, e - b);
        if (colon - b != 4 || lsan_str_ncmp(text + b, "leak", 4)) {
            /* other sanitizers' types are valid in shared files; leaksan uses only leak: */
            static const char *const known[] = {"race", "thread", "mutex", "signal", "deadlock",
                                                "called_from_lib", "interceptor_via_fun",
                                                "interceptor_via_lib", "interceptor_name",
                                                "odr_violation", "vptr_check", NULL};
            bool ok = false;
            for (size_t k = 0; known[k]; k++)
                ok |= lsan_str_len(known[k]) == colon - b && !lsan_str_ncmp(known[k], text + b, colon - b);
            if (!ok)
                bad(source, line, "unknown suppression type", text + b, colon - b);
            continue;
        }
        if (colon + 1 == e)
            bad(source, line, "empty pattern in suppression", text + b, e - b);
        if (n_supps == cap_supps && grow() < 0) {
            lsan_fmt_eprintf("==%ld==leaksan: %s:%d: out of memory for %zu suppressions (mmap "
                             "failed); shorten the suppressions file\n",
                             sys_getpid(), source, line, n_supps + 1);
            lsan_check_die(1);
        }
        size_t plen = e - colon - 1;
        char *p = lsan_mem_persistent(plen + 1);
        LSAN_CHECK(p);
        lsan_mem_cpy(p, text + colon + 1, plen);
        p[plen] = 0;
        supps[n_supps].templ = p;
        n_supps++;
    }
}

static void read_file(const char *path)
{
    int fd = (int)sys_openat(-100, path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) {
        lsan_fmt_eprintf("==%ld==leaksan: cannot open suppressions file '%s' (errno %d); fix the "
                         "path in LSAN_OPTIONS=suppressions=...\n",
                         sys_getpid(), path, -fd);
        lsan_check_die(1);
    }
    struct lsan_fmt_buf b = {0};
    char tmp[4096];
    long r;
    while ((r = sys_read(fd, tmp, sizeof(tmp))) != 0) {
        if (r == -4)
            continue;
        if (r < 0) {
            lsan_fmt_eprintf("==%ld==leaksan: cannot read suppressions file '%s' (errno %ld)\n",
                             sys_getpid(), path, -r);
            lsan_check_die(1);
        }
        lsan_fmt_buf_append(&b, tmp, (size_t)r);
    }
    sys_close(fd);
    for (size_t i = 0; i < b.len; i++)
        if (!b.data[i]) {
            lsan_fmt_eprintf("==%ld==leaksan: suppressions file '%s' is not a text file\n",
                             sys_getpid(), path);
            lsan_check_die(1);
        }
    parse(b.data ? b.data : "", b.len, path);
    lsan_fmt_buf_free(&b);
}

void lsan_suppress_init(void)
{
    /* the file first, as LSan: its rows lead the "Suppressions used" table */
    if (lsan_flags.suppressions && *lsan_flags.suppressions)
        read_file(lsan_flags.suppressions);
    if (__lsan_default_suppressions) {
        const char *d = __lsan_default_suppressions();
        if (d)
            parse(d, lsan_str_len(d), "__lsan_default_suppressions()");
    }
}

bool lsan_suppress_any(void) { return n_supps != 0; }

/* LSan's template matching, in time O(len(pattern) * len(s)) and without
 * recursion: '^' anchors the first literal run at the start; each later run
 * is found at its FIRST occurrence after the previous one (no backtracking,
 * as LSan: `leak:a$` does not match "aba"); '$' matches at the end of what
 * is left, or anywhere after a '*'. A lone "$" or "^$" matches only the
 * empty string, and an empty string never matches. */
static const char *find_run(const char *s, const char *run, size_t len)
{
    for (; *s; s++)
        if (!lsan_str_ncmp(s, run, len))
            return s;
    return NULL;
}

bool lsan_suppress_pattern_match(const char *pattern, const char *s)
{
    if (!s || !*s)
        return false;
    const char *p = pattern;
    bool anchored = *p == '^', star = false;
    if (anchored)
        p++;
    while (*p) {
        if (*p == '*') {
            p++;
            star = true;
            anchored = false;
            continue;
        }
        if (*p == '$')
            return !*s || star;
        if (!*s)
            return false;
        size_t len = 0;
        while (p[len] && p[len] != '*' && p[len] != '$')
            len++;
        const char *hit = find_run(s, p, len);
        if (!hit || (anchored && hit != s))
            return false;
        s = hit + len;
        p += len;
        anchored = star = false;
    }
    return true;
}

static struct lsan_suppression *match_frames(u32 stack_id)
{
    u32 n;
    const uptr *pcs = lsan_depot_get(stack_id, &n);
    for (u32 i = 0; i < n; i++) {
        const struct lsan_symbol *sym;
        u32 k = lsan_symbolize(lsan_stack_lookup_addr(pcs, i), &sym);
        for (u32 j = 0; j < k; j++)
            for (size_t q = 0; q < n_supps; q++) {
                const char *t = supps[q].templ;
                if (lsan_suppress_pattern_match(t, sym[j].function) ||
                    lsan_suppress_pattern_match(t, sym[j].file) ||
                    lsan_suppress_pattern_match(t, sym[j].module))
                    return &supps[q];
            }
    }
    return NULL;
}

static u32 cache_slot(u32 stack_id) { return (stack_id * 2654435761u) % CACHE_SIZE; }

static bool cached(u32 stack_id)
{
    u32 slot = cache_slot(stack_id);
    return cache[slot].stack_id == stack_id && cache[slot].result;
}

void lsan_suppress_prefetch(const struct lsan_leak_record *records, size_t n)
{
    if (!n_supps)
        return;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        u32 k;
        if (!cached(records[i].stack_id) && lsan_depot_get(records[i].stack_id, &k))
            total += k;
    }
    if (!total)
        return;
    size_t sz = total * sizeof(uptr);
    uptr *addrs = lsan_mem_map(sz);
    if (!addrs)
        return; /* lsan_suppress_match() symbolizes stack by stack instead */
    size_t m = 0;
    for (size_t i = 0; i < n && m < total; i++) {
        u32 k;
        const uptr *pcs = cached(records[i].stack_id) ? NULL
                                                      : lsan_depot_get(records[i].stack_id, &k);
        for (u32 j = 0; pcs && j < k && m < total; j++)
            addrs[m++] = lsan_stack_lookup_addr(pcs, j);
    }
    lsan_symbolize_prefetch(addrs, m);
    lsan_mem_unmap(addrs, sz);
}

struct lsan_suppression *lsan_suppress_match(u32 stack_id)
{
    if (!n_supps)
        return NULL;
    u32 slot = cache_slot(stack_id);
    if (cached(stack_id))
        return cache[slot].result == UINT32_MAX ? NULL : &supps[cache[slot].result - 1];
    struct lsan_suppression *s = match_frames(stack_id);
    cache[slot].stack_id = stack_id;
    cache[slot].result = s ? (u32)(s - supps) + 1 : UINT32_MAX;
    return s;
}

void lsan_suppress_reset_counts(void)
{
    for (size_t i = 0; i < n_supps; i++)
        supps[i].hits = supps[i].bytes = 0;
}

void lsan_suppress_count(struct lsan_suppression *s, uptr bytes, uptr objects)
{
    s->hits += objects;
    s->bytes += bytes;
}

size_t lsan_suppress_used(struct lsan_report_suppression *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < n_supps; i++) {
        if (!supps[i].hits)
            continue;
        if (n < cap) {
            out[n].templ = supps[i].templ;
            out[n].hits = supps[i].hits;
            out[n].bytes = supps[i].bytes;
        }
        n++;
    }
    return n;
}
