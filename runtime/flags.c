/* The flag table and its parser. Runs during start-up, possibly from inside the
 * first malloc: no libc calls, no allocation (values are copied into the
 * persistent arena). */
#include "runtime/flags.h"

#include <stddef.h>

#include "runtime/base.h"
#include "runtime/fmt.h"

struct lsan_flag_values lsan_flags;

enum flag_type { FLAG_BOOL, FLAG_INT, FLAG_STR };

struct flag_desc {
    const char *name;
    enum flag_type type;
    size_t offset;
    const char *def;
    const char *help;
};

#define F(type, name, def, help) {#name, type, offsetof(struct lsan_flag_values, name), def, help}

static const struct flag_desc flag_table[] = {
    F(FLAG_BOOL, detect_leaks, "1", "Look for leaks at all (at exit and on request)."),
    F(FLAG_BOOL, leak_check_at_exit, "1",
      "Check for leaks when the process exits (needs detect_leaks=1)."),
    F(FLAG_INT, exitcode, "23", "Exit status of a process in which leaks were found."),
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
    F(FLAG_INT, malloc_context_size, "30", "Frames recorded per allocation stack (0 to 255)."),
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
    F(FLAG_INT, tries, "1", "Run the leak check this many times; a leak must show in every try."),
    F(FLAG_BOOL, help, "0", "Print this list of flags and exit."),
    F(FLAG_BOOL, allocator_may_return_null, "0",
      "Return NULL with ENOMEM for impossible requests instead of reporting and exiting."),
    F(FLAG_STR, stop_the_world, "auto",
      "How to stop the threads: auto, ptrace (tracer helper), signal (no ptrace)."),
    F(FLAG_INT, stop_the_world_signal, "0",
      "Signal the signal backend uses (0: SIGURG)."),
    F(FLAG_INT, stop_the_world_timeout_ms, "10000",
      "Deadline for stopping or resuming all threads, in milliseconds."),
    F(FLAG_INT, max_allocation_size_mb, "0",
      "Largest single allocation in MiB (0: the allocator's own limit)."),
    F(FLAG_BOOL, clear_recycled_chunks, "1",
      "Zero what a freed chunk's owner left before its memory is handed out again, so "
      "stale pointers never hide a leak (0: faster for programs that leave most of "
      "each block unwritten; a stale pointer can then keep a leaked chunk alive)."),
    F(FLAG_BOOL, detect_double_free, "1",
      "Report a second free of a block with the stacks of both frees and of its allocation "
      "(on by default, unlike LSan). 0: a second free is ignored, unreported and harmless; "
      "realloc of a freed block and frees of pointers never allocated are still reported."),
    F(FLAG_INT, double_free_max_entries, "65536",
      "How many of the latest frees are remembered for double-free reports (0: the most, "
      "4194304). An older free is still caught, without its stack; for a block over 128 KiB "
      "it is then reported as a bad free."),
};
#undef F

static bool parsed;

static void set_value(const struct flag_desc *d, const char *val, size_t len, const char *source)
{
    char *field = (char *)&lsan_flags + d->offset;
    char tmp[64];
    if (d->type == FLAG_STR) {
        char *s = lsan_persistent_alloc(len + 1);
        LSAN_CHECK(s);
        lsan_memcpy(s, val, len);
        s[len] = 0;
        *(const char **)field = s;
        return;
    }
    size_t n = len < sizeof(tmp) - 1 ? len : sizeof(tmp) - 1;
    lsan_memcpy(tmp, val, n);
    tmp[n] = 0;
    if (d->type == FLAG_BOOL) {
        if (!lsan_strcmp(tmp, "1") || !lsan_strcmp(tmp, "true") || !lsan_strcmp(tmp, "yes")) {
            *(bool *)field = true;
            return;
        }
        if (!lsan_strcmp(tmp, "0") || !lsan_strcmp(tmp, "false") || !lsan_strcmp(tmp, "no")) {
            *(bool *)field = false;
            return;
        }
        lsan_eprintf("==%ld==leaksan: %s: invalid value '%s' for boolean flag '%s': use 0/1, "
                     "true/false or yes/no\n",
                     sys_getpid(), source, tmp, d->name);
        lsan_die(1);
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
        lsan_eprintf("==%ld==leaksan: %s: invalid value '%s' for integer flag '%s': expected a "
                     "decimal number\n",
                     sys_getpid(), source, tmp, d->name);
        lsan_die(1);
    }
    *(int *)field = (int)v;
}

static size_t edit_distance(const char *a, size_t la, const char *b)
{
    size_t lb = lsan_strlen(b), row[64];
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
            lsan_eprintf("==%ld==leaksan: %s: expected NAME=VALUE, got '%.*s': flags are written "
                         "like LSAN_OPTIONS=detect_leaks=1:exitcode=23\n",
                         sys_getpid(), source, (int)nlen, name);
            lsan_die(1);
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
                lsan_eprintf("==%ld==leaksan: %s: unterminated quote in value of '%.*s'\n",
                             sys_getpid(), source, (int)nlen, name);
                lsan_die(1);
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
            if (lsan_strlen(flag_table[i].name) == nlen &&
                !lsan_strncmp(flag_table[i].name, name, nlen))
                d = &flag_table[i];
        if (d) {
            set_value(d, val, vlen, source);
            continue;
        }
        bool foreign = false;
        for (size_t i = 0; foreign_flags[i]; i++)
            if (lsan_strlen(foreign_flags[i]) == nlen && !lsan_strncmp(foreign_flags[i], name, nlen))
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
            lsan_eprintf("==%ld==leaksan: WARNING: %s: unknown flag '%.*s' (did you mean '%s'?); "
                         "it is ignored\n",
                         sys_getpid(), source, (int)nlen, name, best);
        else
            lsan_eprintf("==%ld==leaksan: WARNING: %s: unknown flag '%.*s'; it is ignored "
                         "(help=1 lists the flags)\n",
                         sys_getpid(), source, (int)nlen, name);
    }
}

__attribute__((weak)) const char *__lsan_default_options(void);

void lsan_flags_init(void)
{
    if (parsed)
        return;
    parsed = true;
    for (size_t i = 0; i < LSAN_ARRAY_SIZE(flag_table); i++) {
        const struct flag_desc *d = &flag_table[i];
        set_value(d, d->def, lsan_strlen(d->def), "default");
    }
    if (__lsan_default_options)
        parse_string(__lsan_default_options(), "__lsan_default_options()");
    parse_string(lsan_getenv("LSAN_OPTIONS"), "LSAN_OPTIONS");
    if (lsan_flags.malloc_context_size < 0 || lsan_flags.malloc_context_size > 255) {
        lsan_eprintf("==%ld==leaksan: LSAN_OPTIONS: malloc_context_size=%d is out of range "
                     "(0 to 255)\n",
                     sys_getpid(), lsan_flags.malloc_context_size);
        lsan_die(1);
    }
    if (lsan_flags.tries < 1)
        lsan_flags.tries = 1;
}

void lsan_flags_print_help(void)
{
    static const char *const type_names[] = {"bool", "int", "string"};
    lsan_eprintf("Available flags for leaksan (set in LSAN_OPTIONS as name=value, separated by "
                 "':' or ','):\n");
    for (size_t i = 0; i < LSAN_ARRAY_SIZE(flag_table); i++) {
        const struct flag_desc *d = &flag_table[i];
        lsan_eprintf("\t%s\n\t\t- %s (%s, default: '%s')\n", d->name, d->help,
                     type_names[d->type], d->def);
    }
}
