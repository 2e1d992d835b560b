/* Unit tests of the flag parser (runtime/flags.c): the binary is run again
 * with an LSAN_OPTIONS, which leaksan parses at start-up, and prints what it
 * parsed (--print-flags); malformed input must end the process with status 1
 * and one message naming the flag, before main. */
#include <stdio.h>
#include <string.h>

#include "runtime/flags.h"
#include "test/unit/unit.h"

int unit_flags_print(void)
{
    printf("detect_leaks=%d\nexitcode=%d\nmax_leaks=%d\nverbosity=%d\ntries=%d\n"
           "stop_the_world=%s\nstrip_path_prefix=%s\nlog_path=%s\nuse_tls=%d\n"
           "max_allocation_size_mb=%d\n",
           lsan_flags.detect_leaks, lsan_flags.exitcode, lsan_flags.max_leaks,
           lsan_flags.verbosity, lsan_flags.tries, lsan_flags.stop_the_world,
           lsan_flags.strip_path_prefix ? lsan_flags.strip_path_prefix : "(null)",
           lsan_flags.log_path ? lsan_flags.log_path : "(null)", lsan_flags.use_tls,
           lsan_flags.max_allocation_size_mb);
    return 0;
}

static char out[8192], err[8192];

/* Runs the binary with LSAN_OPTIONS=options; true if it exited with status. */
static bool run(const char *options, int status)
{
    int st;
    if (!unit_run_self(options, &st, out, sizeof(out), err, sizeof(err))) {
        UNIT_CHECK_MSG(0, "LSAN_OPTIONS=%s: could not run the unit binary", options);
        return false;
    }
    UNIT_CHECK_MSG(st == status, "LSAN_OPTIONS=%s: exit status %d, expected %d; stderr: %s",
                   options, st, status, err);
    return st == status;
}

#define EXPECT_OUT(line) UNIT_CHECK_MSG(strstr(out, line "\n"), "no '%s' in:\n%s", line, out)
#define EXPECT_ERR(text) UNIT_CHECK_MSG(strstr(err, text), "no '%s' in stderr:\n%s", text, err)

static void defaults(void)
{
    if (!run("", 0))
        return;
    EXPECT_OUT("detect_leaks=1");
    EXPECT_OUT("exitcode=23");
    EXPECT_OUT("tries=1");
    EXPECT_OUT("stop_the_world=auto");
    UNIT_CHECK_MSG(err[0] == 0, "stderr: %s", err);
}

/* ':' ',' and blanks separate; quotes hold separators; the last value wins. */
static void values_and_separators(void)
{
    if (!run("exitcode=7:verbosity=0,max_leaks=3 tries=2\tuse_tls=false:"
             "strip_path_prefix='/a b:c'::log_path=\"x,y\":exitcode=9",
             0))
        return;
    EXPECT_OUT("exitcode=9");
    EXPECT_OUT("max_leaks=3");
    EXPECT_OUT("tries=2");
    EXPECT_OUT("use_tls=0");
    EXPECT_OUT("strip_path_prefix=/a b:c");
    EXPECT_OUT("log_path=x,y");
    EXPECT_OUT("detect_leaks=1");
}

static void boolean_spellings(void)
{
    if (run("detect_leaks=no", 0))
        EXPECT_OUT("detect_leaks=0");
    if (run("detect_leaks=0:detect_leaks=true", 0))
        EXPECT_OUT("detect_leaks=1");
    if (run("detect_leaks=yes", 0))
        EXPECT_OUT("detect_leaks=1");
}

static void bad_integer(void)
{
    if (run("exitcode=abc", 1))
        EXPECT_ERR("invalid value 'abc' for integer flag 'exitcode'");
    if (run("exitcode=", 1))
        EXPECT_ERR("integer flag 'exitcode'");
    if (run("exitcode=-", 1))
        EXPECT_ERR("integer flag 'exitcode'");
    if (run("exitcode=12x", 1))
        EXPECT_ERR("invalid value '12x'");
    if (run("max_leaks=99999999999999999999", 1))
        EXPECT_ERR("integer flag 'max_leaks'");
    UNIT_CHECK_MSG(!strstr(out, "exitcode="), "main ran after a bad flag: %s", out);
}

static void out_of_range(void)
{
    if (run("exitcode=256", 1))
        EXPECT_ERR("exitcode=256 is out of range");
    if (run("tries=101", 1))
        EXPECT_ERR("tries=101 is out of range");
    if (run("max_allocation_size_mb=-1", 1))
        EXPECT_ERR("max_allocation_size_mb=-1 is out of range");
    if (run("exitcode=255", 0))
        EXPECT_OUT("exitcode=255");
}

static void bad_boolean(void)
{
    if (run("detect_leaks=maybe", 1))
        EXPECT_ERR("invalid value 'maybe' for boolean flag 'detect_leaks'");
    if (run("detect_leaks=", 1))
        EXPECT_ERR("boolean flag 'detect_leaks'");
}

static void malformed_syntax(void)
{
    if (run("exitcode", 1))
        EXPECT_ERR("expected NAME=VALUE, got 'exitcode'");
    if (run("verbosity=0:exitcode 3", 1))
        EXPECT_ERR("expected NAME=VALUE, got 'exitcode'");
    if (run("suppressions='/tmp/x", 1))
        EXPECT_ERR("unterminated quote in value of 'suppressions'");
}

/* An unknown flag is a warning naming the closest one, and is ignored;
 * LSan's flags leaksan has no use for are accepted silently. */
static void unknown_flags(void)
{
    if (run("exitcod=3", 0)) {
        EXPECT_ERR("unknown flag 'exitcod' (did you mean 'exitcode'?)");
        EXPECT_OUT("exitcode=23");
    }
    if (run("zzzzzzzzzzzz=1", 0))
        EXPECT_ERR("unknown flag 'zzzzzzzzzzzz'; it is ignored");
    if (run("halt_on_error=1:exitcode=5", 0)) {
        EXPECT_OUT("exitcode=5");
        UNIT_CHECK_MSG(err[0] == 0, "stderr: %s", err);
    }
}

const struct unit_test unit_flags_tests[] = {
    {"flags.defaults", defaults},
    {"flags.values_and_separators", values_and_separators},
    {"flags.boolean_spellings", boolean_spellings},
    {"flags.bad_integer", bad_integer},
    {"flags.out_of_range", out_of_range},
    {"flags.bad_boolean", bad_boolean},
    {"flags.malformed_syntax", malformed_syntax},
    {"flags.unknown_flags", unknown_flags},
    {NULL, NULL},
};
