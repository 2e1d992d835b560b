/* The unit-test harness: UNIT_CHECK records a failure of the running test
 * and goes on; every test prints one "PASS: name" or "FAIL: name" line, which
 * test.sh counts into the suite's totals. No allocation in the checks. */
#ifndef LSAN_TEST_UNIT_H
#define LSAN_TEST_UNIT_H

#include <stdbool.h>

struct unit_test {
    const char *name;
    void (*fn)(void);
};

/* Marks the running test failed and prints where and why (printf-style). */
void unit_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define UNIT_CHECK(c)                                        \
    do {                                                     \
        if (!(c))                                            \
            unit_fail(__FILE__, __LINE__, "%s", #c);         \
    } while (0)
#define UNIT_CHECK_MSG(c, ...)                               \
    do {                                                     \
        if (!(c))                                            \
            unit_fail(__FILE__, __LINE__, __VA_ARGS__);      \
    } while (0)

/* The unit binary run again with LSAN_OPTIONS=options (the flag tests): its
 * exit status, and what it wrote to stdout and stderr (NUL-terminated,
 * truncated to the buffers). Returns false if it could not be run. */
bool unit_run_self(const char *options, int *status, char *out, int out_len, char *err,
                   int err_len);

extern const struct unit_test unit_alloc_tests[];
extern const struct unit_test unit_flags_tests[];
extern const struct unit_test unit_suppress_tests[];

/* `leaksan_unit --print-flags`: prints the parsed flags, one NAME=VALUE a line. */
int unit_flags_print(void);

#endif
