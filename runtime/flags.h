/* leaksan's run-time flags: LSan's names, read from __lsan_default_options()
 * and then LSAN_OPTIONS. The table lives in flags.c; this is the parsed view. */
#ifndef LSAN_RUNTIME_FLAGS_H
#define LSAN_RUNTIME_FLAGS_H

#include <stdbool.h>

struct lsan_flag_values {
    bool detect_leaks;
    bool leak_check_at_exit;
    int exitcode;
    bool report_objects;
    int max_leaks;
    bool use_globals;
    bool use_stacks;
    bool use_registers;
    bool use_tls;
    bool use_root_regions;
    bool use_unaligned;
    bool use_ld_allocations;
    int malloc_context_size;
    bool fast_unwind_on_malloc;
    const char *suppressions;
    bool print_suppressions;
    bool print_summary;
    const char *log_path;
    int verbosity;
    bool log_threads;
    bool log_pointers;
    bool symbolize;
    const char *external_symbolizer_path;
    const char *strip_path_prefix;
    int tries;
    bool help;
    bool allocator_may_return_null;
    const char *stop_the_world;
    int stop_the_world_signal;
    int stop_the_world_timeout_ms;
    int max_allocation_size_mb;
    bool clear_recycled_chunks;
    bool detect_double_free;
    int double_free_max_entries;
    const char *report_format;
};

extern struct lsan_flag_values lsan_flags;

/* Sets defaults, applies __lsan_default_options() and LSAN_OPTIONS. A
 * malformed value prints one error and exits with status 1. Parses once;
 * safe from any thread and from signal handlers: a caller that comes while
 * another thread parses waits until lsan_flags is complete. */
void lsan_flags_init(void);
/* True once lsan_flags holds the parsed values. False only inside the
 * parse (lsan_flags_init() re-entered from __lsan_default_options()),
 * where lsan_flags is still all zero: do not cache anything read then. */
bool lsan_flags_ready(void);
/* Prints every flag with its default and meaning (help=1). */
void lsan_flags_print_help(void);

#endif
