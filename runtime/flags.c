/* The flag table and its parser. Runs during start-up, possibly from inside the
 * first malloc or (through the sigaction interceptor) a signal handler: no
 * libc calls, no locks, no allocation but raw mmap (string values are copied
 * into one mapping per source); parsed once, into a staging copy that is
 * published complete. */
#include "runtime/flags.h"

#include <signal.h>
#include <stddef.h>

#include "platform/base.h"
#include "platform/check.h"
#include "platform/env.h"
#include "platform/fmt.h"
#include "platform/mem.h"
#include "platform/str.h"
#include "platform/stw.h"

struct lsan_flag_values lsan_flags;

enum flag_type { FLAG_BOOL, FLAG_INT, FLAG_STR };

struct flag_desc {
    const char *name;
    enum flag_type type;
    size_t offset;
    const char *def;
    const char *help;
    int min, max; /* FLAG_INT: the accepted range */
};

#define F(type, name, def, help)                                                           \
    {#name, type, offsetof(struct lsan_flag_values, name), def, help, -2147483647, 2147483647}
/* An integer flag that accepts only min..max. */
#define FR(name, def, min, max, help)                                                      \
    {#name, FLAG_INT, offsetof(struct lsan_flag_values, name), def, help, min, max}

/* tries: at most this many checks in a row (0 is taken as 1); past it a
 * value is a typo, not a debugging aid. */
#define MAX_TRIES 100

static const struct flag_desc flag_table[] = {
    F(FLAG_BOOL, detect_leaks, "1", "Look for leaks at all (at exit and on request)."),
    F(FLAG_BOOL, leak_check_at_exit, "1",
      "Check for leaks when the process exits (needs detect_leaks=1)."),
    FR(exitcode, "23", 0, 255, "Exit status of a process in which leaks were found (0 to 255)."),
    F(FLAG_BOOL, report_objects, "0", "List the address of every leaked object."),
    F(FLAG_INT, max_leaks, "0", "Report at most this many leak blocks (0: all)."),
    F(FLAG_BOOL, use_globals, "1", "Root set: global and static variables."),
    F(FLAG_BOOL, use_stacks, "1", "Root set: thread stacks."),
    F(FLAG_BOOL, use_registers, "1", "Root set: thread registers."),
    F(FLAG_BOOL, use_tls, "1", "Root set: static and dynamic thread-local storage."),
    F(FLAG_BOOL, use_root_regions, "1",
      "Root set: regions added with __lsan_register_root_region()."),
    F(FLAG_BOOL, use_unaligned, "0", "Look for pointers at every byte offset, not only aligned words."),
    F(FLAG_BOOL, use_ld_allocations, "1",
      "Treat allocations made by the dynamic loader as reachable."),
    FR(malloc_context_size, "30", 0, 255, "Frames recorded per allocation stack (0 to 255)."),
    F(FLAG_BOOL, fast_unwind_on_malloc, "1",
      "Unwind allocation stacks by frame pointers (0: DWARF unwinder, slower)."),
    F(FLAG_STR, suppressions, "", "File with leak suppressions (leak:PATTERN lines)."),
    F(FLAG_BOOL, print_suppressions, "1", "Print the table of suppressions that matched."),
    F(FLAG_BOOL, print_summary, "1", "Print the SUMMARY line after the report."),
    F(FLAG_STR, log_path, "stderr",
      "Write reports to PATH.<pid> instead of stderr ('stderr' and 'stdout' are special)."),
    F(FLAG_INT, verbosity, "0", "How much to say about what leaksan does (0, 1, 2)."),
    F(FLAG_BOOL, log_threads, "0", "Log every thread found while the world is stopped."),
    F(FLAG_BOOL, log_pointers, "0", "Log every root range and pointer followed while marking."),
    F(FLAG_BOOL, symbolize, "1", "Turn return addresses into functions, files and lines."),
    F(FLAG_STR, external_symbolizer_path, "",
      "llvm-symbolizer to use (default: $LSAN_SYMBOLIZER_PATH, then PATH)."),
    F(FLAG_STR, strip_path_prefix, "", "Remove this prefix from file paths in reports."),
    FR(tries, "1", 0, MAX_TRIES,
       "Debugging aid for flaky leaks: run each leak check this many times in a row (0 "
       "counts as 1), each try printing its own report; the process counts as leaking "
       "only if every try found leaks."),
    F(FLAG_BOOL, help, "0", "Print this list of flags and exit."),
    F(FLAG_BOOL, allocator_may_return_null, "0",
      "Return NULL with ENOMEM for impossible requests instead of reporting and exiting."),
    F(FLAG_STR, stop_the_world, "auto",
      "How to stop the threads (auto: the first backend that works here, in this order): "),
    F(FLAG_INT, stop_the_world_signal, "0",
      "Signal the signal backend uses (0: SIGURG, and for the threads of a program that "
      "handles SIGURG itself the highest real-time signal it leaves at its default; N: N "
      "for every thread)."),
    F(FLAG_INT, stop_the_world_timeout_ms, "10000",
      "Deadline for stopping or resuming all threads, in milliseconds."),
    FR(max_allocation_size_mb, "0", 0, 2147483647,
       "Largest single allocation in MiB (0: the allocator's own limit)."),
    F(FLAG_BOOL, clear_recycled_chunks, "1",
      "Zero what a freed chunk's owner left before its memory is handed out again, so "
      "stale pointers never hide a leak (0: faster for programs that leave most of "
      "each block unwritten; a stale pointer can then keep a leaked chunk alive)."),
    F(FLAG_BOOL, detect_double_free, "0",
      "Also record the stack of every free, so a double free's report shows where the first "
      "free happened (LSan's flag; it costs a stack per free). Double frees are caught and "
      "reported with both other stacks either way; a large block's first free is always "
      "recorded."),
    F(FLAG_INT, double_free_max_entries, "65536",
      "How many of the latest frees are remembered for double-free reports (0: the most, "
      "4194304). An older free is still caught, without its stack; for a block over 128 KiB "
      "it is then reported as a bad free."),
    F(FLAG_STR, report_format, "text",
      "How reports are written: text (LSan's report, the default; the names are those of "
      "runtime/report.c's writers)."),
};
#undef F
#undef FR

/* 0: not parsed, 1: being parsed by thread init_tid, 2: lsan_flags final */
static int init_state;
static int init_tid;
/* built here, copied to lsan_flags in one go once complete */
static struct lsan_flag_values staged;

/* Room for the string values of one source: each value is shorter than the
 * NAME=VALUE text it came from, so the source's length is enough. */
struct pool {
    char *pos, *end;
};

static void set_value(const struct flag_desc *d, const char *val, size_t len, const char *source,
                      struct pool *pool)
{
    char *field = (char *)&staged + d->offset;
    char tmp[64];
    if (d->type == FLAG_STR) {
        if (!pool) { /* a default: the literal itself */
            *(const char **)field = val;
            return;
        }
        LSAN_CHECK(pool->pos && (size_t)(pool->end - pool->pos) > len);
        char *s = pool->pos;
        pool->pos += len + 1;
        lsan_mem_cpy(s, val, len);
        s[len] = 0;
        *(const char **)field = s;
        return;
    }
    size_t n = len < sizeof(tmp) - 1 ? len : sizeof(tmp) - 1;
    lsan_mem_cpy(tmp, val, n);
    tmp[n] = 0;
    if (d->type == FLAG_BOOL) {
        if (!lsan_str_cmp(tmp, "1") || !lsan_str_cmp(tmp, "true") || !lsan_str_cmp(tmp, "yes")) {
            *(bool *)field = true;
            return;
        }
        if (!lsan_str_cmp(tmp, "0") || !lsan_str_cmp(tmp, "false") || !lsan_str_cmp(tmp, "no")) {
            *(bool *)field = false;
            return;
        }
        lsan_fmt_eprintf("==%ld==leaksan: %s: invalid value '%s' for boolean flag '%s': use 0/1, "
                         "true/false or yes/no\n",
                         sys_getpid(), source, tmp, d->name);
        lsan_check_die(1);
    }
    long long v = 0;
    size_t i = 0;
    bool neg = false;
    if (tmp[0] == '-')
        neg = true, i = 1;
    bool ok = tmp[i] != 0 && len < sizeof(tmp) - 1;
    for (; ok && tmp[i]; i++) {
        if (tmp[i] < '0' || tmp[i] > '9' || v > 100000000000ll)
            ok = false;
        else
            v = v * 10 + (tmp[i] - '0');
    }
    if (neg)
        v = -v;
    if (!ok || v > 2147483647ll || v < -2147483647ll) {
        lsan_fmt_eprintf("==%ld==leaksan: %s: invalid value '%s' for integer flag '%s': expected a "
                         "decimal number\n",
                         sys_getpid(), source, tmp, d->name);
        lsan_check_die(1);
    }
    if (v < d->min || v > d->max) {
        lsan_fmt_eprintf("==%ld==leaksan: %s: %s=%lld is out of range (%d to %d)\n", sys_getpid(),
                         source, d->name, v, d->min, d->max);
        lsan_check_die(1);
    }
    *(int *)field = (int)v;
}

static size_t edit_distance(const char *a, size_t la, const char *b)
{
    size_t lb = lsan_str_len(b), row[64];
    if (la >= 63 || lb >= 63)
        return 99;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t best = prev + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

/* Flags LSan (and the sanitizer common set) accepts that leaksan has no use
 * for: accepted silently so shared LSAN_OPTIONS strings keep working. */
static const char *const foreign_flags[] = {
    "halt_on_error", "abort_on_error", "handle_segv", "handle_abort", "handle_sigbus",
    "handle_sigfpe", "handle_sigill", "allow_user_segv_handler", "color", "symbolize_inline_frames",
    "strict_string_checks", "intercept_tls_get_addr", "use_poisoned", "print_stacktrace",
    "fast_unwind_on_fatal", "detect_deadlocks", "disable_coredump", "use_sigaltstack",
    "coverage", "report_globals", "dedup_token_length", NULL,
};

static bool is_sep(char c) { return c == ' ' || c == ',' || c == ':' || c == '\t' || c == '\n'; }

static void parse_string(const char *s, const char *source)
{
    struct pool pool = {NULL, NULL};
    if (s && *s) {
        size_t len = lsan_str_len(s) + 1;
        pool.pos = lsan_mem_map(len);
        if (!pool.pos) {
            lsan_fmt_eprintf("==%ld==leaksan: %s: cannot map %zu bytes for the flag values (mmap "
                             "failed); leaksan cannot start\n",
                             sys_getpid(), source, len);
            lsan_check_die(1);
        }
        pool.end = pool.pos + len;
    }
    while (s && *s) {
        while (is_sep(*s))
            s++;
        if (!*s)
            break;
        const char *name = s;
        while (*s && *s != '=' && !is_sep(*s))
            s++;
        size_t nlen = (size_t)(s - name);
        if (*s != '=') {
            lsan_fmt_eprintf("==%ld==leaksan: %s: expected NAME=VALUE, got '%.*s': flags are written "
                             "like LSAN_OPTIONS=detect_leaks=1:exitcode=23\n",
                             sys_getpid(), source, (int)nlen, name);
            lsan_check_die(1);
        }
        s++;
        const char *val;
        size_t vlen;
        if (*s == '"' || *s == '\'') {
            char q = *s++;
            val = s;
            while (*s && *s != q)
                s++;
            if (*s != q) {
                lsan_fmt_eprintf("==%ld==leaksan: %s: unterminated quote in value of '%.*s'\n",
                                 sys_getpid(), source, (int)nlen, name);
                lsan_check_die(1);
            }
            vlen = (size_t)(s - val);
            s++;
        } else {
            val = s;
            while (*s && !is_sep(*s))
                s++;
            vlen = (size_t)(s - val);
        }
        const struct flag_desc *d = NULL;
        for (size_t i = 0; i < LSAN_ARRAY_SIZE(flag_table); i++)
            if (lsan_str_len(flag_table[i].name) == nlen &&
                !lsan_str_ncmp(flag_table[i].name, name, nlen))
                d = &flag_table[i];
        if (d) {
            set_value(d, val, vlen, source, &pool);
            continue;
        }
        bool foreign = false;
        for (size_t i = 0; foreign_flags[i]; i++)
            if (lsan_str_len(foreign_flags[i]) == nlen && !lsan_str_ncmp(foreign_flags[i], name, nlen))
                foreign = true;
        if (foreign)
            continue;
        const char *best = NULL;
        size_t best_d = 4;
        for (size_t i = 0; i < LSAN_ARRAY_SIZE(flag_table); i++) {
            size_t dist = edit_distance(name, nlen, flag_table[i].name);
            if (dist < best_d)
                best_d = dist, best = flag_table[i].name;
        }
        if (best)
            lsan_fmt_eprintf("==%ld==leaksan: WARNING: %s: unknown flag '%.*s' (did you mean '%s'?); "
                             "it is ignored\n",
                             sys_getpid(), source, (int)nlen, name, best);
        else
            lsan_fmt_eprintf("==%ld==leaksan: WARNING: %s: unknown flag '%.*s'; it is ignored "
                             "(help=1 lists the flags)\n",
                             sys_getpid(), source, (int)nlen, name);
    }
}

__attribute__((weak)) const char *__lsan_default_options(void);

static void parse_all(void)
{
    for (size_t i = 0; i < LSAN_ARRAY_SIZE(flag_table); i++) {
        const struct flag_desc *d = &flag_table[i];
        set_value(d, d->def, lsan_str_len(d->def), "default", NULL);
    }
    if (__lsan_default_options)
        parse_string(__lsan_default_options(), "__lsan_default_options()");
    parse_string(lsan_env_get("LSAN_OPTIONS"), "LSAN_OPTIONS");
    if (staged.tries < 1)
        staged.tries = 1;
}

#define INIT_WAIT_NS (30ull * 1000000000ull)

/* Once per process, from whichever thread comes first; every other caller
 * waits until the flags are complete and never sees them half-parsed. The
 * parsing thread blocks all signals meanwhile, so a handler calling
 * sigaction() cannot interrupt it and find the parse under way. */
void lsan_flags_init(void)
{
    if (__atomic_load_n(&init_state, __ATOMIC_ACQUIRE) == 2)
        return;
    int tid = (int)sys_gettid();
    u64 all = ~0ull, old = 0;
    sys_rt_sigprocmask(SIG_BLOCK, &all, &old);
    int expected = 0;
    if (__atomic_compare_exchange_n(&init_state, &expected, 1, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE)) {
        __atomic_store_n(&init_tid, tid, __ATOMIC_RELEASE);
        parse_all();
        lsan_mem_cpy(&lsan_flags, &staged, sizeof(staged));
        lsan_fmt_set_log_path(lsan_flags.log_path);
        __atomic_store_n(&init_state, 2, __ATOMIC_RELEASE);
        sys_futex(&init_state, FUTEX_WAKE_PRIVATE, 0x7fffffff, 0);
        sys_rt_sigprocmask(SIG_SETMASK, &old, 0);
        return;
    }
    sys_rt_sigprocmask(SIG_SETMASK, &old, 0);
    /* Re-entered on the parsing thread: only __lsan_default_options() can
     * get here (signals are blocked), and no flag is known yet; it runs on
     * the zero values, and lsan_flags_ready() tells it so. */
    if (__atomic_load_n(&init_tid, __ATOMIC_ACQUIRE) == tid)
        return;
    u64 deadline = sys_now_ns() + INIT_WAIT_NS;
    while (__atomic_load_n(&init_state, __ATOMIC_ACQUIRE) == 1) {
        u64 now = sys_now_ns();
        if (now >= deadline) {
            lsan_fmt_eprintf("==%ld==leaksan: thread %d has been parsing LSAN_OPTIONS for %llu s "
                             "without finishing (is __lsan_default_options() blocked?); giving "
                             "up\n",
                             sys_getpid(), __atomic_load_n(&init_tid, __ATOMIC_ACQUIRE),
                             (unsigned long long)(INIT_WAIT_NS / 1000000000ull));
            lsan_check_die(1);
        }
        struct sys_timespec ts = sys_timespec_ns(deadline - now);
        sys_futex(&init_state, FUTEX_WAIT_PRIVATE, 1, &ts);
    }
}

bool lsan_flags_ready(void) { return __atomic_load_n(&init_state, __ATOMIC_ACQUIRE) == 2; }

void lsan_flags_print_help(void)
{
    static const char *const type_names[] = {"bool", "int", "string"};
    /* LSan's first line, which scripts and LLVM's own tests look for */
    lsan_fmt_eprintf("Available flags for LeakSanitizer:\n");
    for (size_t i = 0; i < LSAN_ARRAY_SIZE(flag_table); i++) {
        const struct flag_desc *d = &flag_table[i];
        /* the backends come from their table (platform/stw.c) */
        char names[128] = "";
        if (d->offset == offsetof(struct lsan_flag_values, stop_the_world))
            lsan_stw_names(names, sizeof(names));
        lsan_fmt_eprintf("\t%s\n\t\t- %s%s (%s, default: '%s')\n", d->name, d->help, names,
                         type_names[d->type], d->def);
    }
    lsan_fmt_eprintf("Set them in LSAN_OPTIONS or __lsan_default_options() as name=value, "
                     "separated by ':', ',' or spaces.\n");
}
