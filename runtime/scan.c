/* The scanner's order, the one place that knows all three parts: roots are
 * pushed and flooded, the chunks that are roots themselves are pushed and
 * flooded, then the rest is classified. lsan_scan_stopped runs while the
 * world is stopped, on the tracer: no libc, no locks, no TLS, no malloc. */
#include "runtime/scan.h"

#include "runtime/flags.h"

int lsan_scan_prepare(struct lsan_scan *s)
{
    int rc = lsan_roots_prepare(&s->roots);
    if (!rc)
        rc = lsan_mark_prepare(&s->mark);
    if (!rc)
        rc = lsan_classify_prepare(&s->classify, &s->mark);
    if (!rc)
        rc = lsan_mark_prepare_readable(&s->mark);
    if (!rc)
        s->mark.verbosity = lsan_flags.verbosity;
    return rc;
}

void lsan_scan_release(struct lsan_scan *s)
{
    lsan_roots_release(&s->roots);
    lsan_mark_release(&s->mark);
    lsan_classify_release(&s->classify);
}

void lsan_scan_stopped(const struct lsan_stw_world *w, void *arg)
{
    struct lsan_scan *s = arg;
    s->backend = w->backend;
    lsan_mark_read_readable_stopped(&s->mark);
    lsan_roots_push_stopped(&s->roots, &s->mark, w);
    lsan_mark_flood_stopped(&s->mark);
    lsan_roots_push_chunks_stopped(&s->roots, &s->mark);
    lsan_mark_flood_stopped(&s->mark);
    lsan_classify_stopped(&s->classify, &s->mark);
    s->ran = true;
}
