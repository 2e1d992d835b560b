/* Unit tests of the suppression pattern matcher (lsan_suppress_pattern_match):
 * LSan's `*`, `^` and `$`, first-occurrence matching, no backtracking. */
#include <string.h>

#include "runtime/suppress.h"
#include "test/unit/unit.h"

#define MATCH(p, s) UNIT_CHECK_MSG(lsan_suppress_pattern_match(p, s), "'%s' should match '%s'", p, s)
#define NO_MATCH(p, s) \
    UNIT_CHECK_MSG(!lsan_suppress_pattern_match(p, s), "'%s' should not match '%s'", p, s)

static void substring(void)
{
    MATCH("leak", "leak");
    MATCH("leak", "my_leaky_fn");
    MATCH("", "anything");
    NO_MATCH("leak", "lea");
    NO_MATCH("leak", "");
    UNIT_CHECK(!lsan_suppress_pattern_match("leak", NULL));
}

static void wildcard(void)
{
    MATCH("a*b", "ab");
    MATCH("a*b", "a123b");
    MATCH("a*b", "xxa_yy_bzz");
    MATCH("*", "x");
    MATCH("std::*::alloc", "std::vector<int>::alloc");
    NO_MATCH("a*b", "ba");
    NO_MATCH("a*b*c", "acb");
}

static void anchors(void)
{
    MATCH("^main", "main");
    MATCH("^main", "main_loop");
    NO_MATCH("^main", "xmain");
    MATCH("main$", "domain");
    NO_MATCH("main$", "mainx");
    MATCH("^main$", "main");
    NO_MATCH("^main$", "main2");
    MATCH("^a*z$", "abcz");
    NO_MATCH("^a*z$", "abczy");
    MATCH("a*$", "abc"); /* '$' after a '*' matches anywhere */
}

/* A lone "$" (or "^$") matches only the empty string, which never matches:
 * `leak:$` suppresses nothing. */
static void empty_anchors(void)
{
    NO_MATCH("$", "main");
    NO_MATCH("^$", "main");
    NO_MATCH("$", "");
}

/* Each literal run is found at its first occurrence, without backtracking
 * (as LSan): `a$` does not match "aba". */
static void first_occurrence(void)
{
    NO_MATCH("a$", "aba");
    MATCH("b*a", "aba");
}

/* Many stars against a long string that almost matches: a backtracking
 * matcher would not finish (test.sh's deadline ends it); this one answers. */
static void many_stars(void)
{
    static char s[20001], p[2001];
    memset(s, 'a', sizeof(s) - 1);
    for (size_t i = 0; i + 1 < sizeof(p); i += 2)
        p[i] = 'a', p[i + 1] = '*';
    p[sizeof(p) - 2] = 'b';
    NO_MATCH(p, s);
    p[sizeof(p) - 2] = 'a';
    MATCH(p, s);
}

const struct unit_test unit_suppress_tests[] = {
    {"suppress.substring", substring},
    {"suppress.wildcard", wildcard},
    {"suppress.anchors", anchors},
    {"suppress.empty_anchors", empty_anchors},
    {"suppress.first_occurrence", first_occurrence},
    {"suppress.many_stars", many_stars},
    {NULL, NULL},
};
