/* The one formatter for all leaksan output: printf-like, never allocates, never
 * touches errno. Supports %s %c %d %i %u %x %p %% with l/ll/z and width/'0'. */
#ifndef LSAN_PLATFORM_FMT_H
#define LSAN_PLATFORM_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Like vsnprintf: always NUL-terminates (when n > 0), returns the length the
 * output would have had. */
int lsan_fmt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int lsan_fmt_snprintf(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Where lsan_fmt_printf writes: "stderr" (also NULL or ""), "stdout", or a path
 * to which ".PID" is appended (opened at the first write of each process;
 * stderr if it cannot be opened). The string must stay valid. */
void lsan_fmt_set_log_path(const char *path);
/* In a forked child: the log lock, which another thread may have held at
 * fork(), is free. */
void lsan_fmt_after_fork_child(void);
/* Writes to the report destination (see lsan_fmt_set_log_path). */
void lsan_fmt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void lsan_fmt_write_raw(const char *s, size_t n);
/* Formats straight to fd: no lock, no allocation, safe while the world is
 * stopped. */
void lsan_fmt_vfdprintf(int fd, const char *fmt, va_list ap);
/* Writes to stderr regardless of log_path (start-up errors, warnings). */
void lsan_fmt_eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growing text buffer backed by mmap, for reports assembled before printing. */
struct lsan_fmt_buf {
    char *data;
    size_t len, cap;
};
void lsan_fmt_buf_printf(struct lsan_fmt_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void lsan_fmt_buf_append(struct lsan_fmt_buf *b, const char *s, size_t n);
void lsan_fmt_buf_free(struct lsan_fmt_buf *b);

#endif
