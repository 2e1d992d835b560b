/* Leak classification: after the scanner has marked what the roots reach,
 * sorts every unreached chunk into direct and indirect leaks and gathers
 * them into records by allocation stack. */
#ifndef LSAN_RUNTIME_CLASSIFY_H
#define LSAN_RUNTIME_CLASSIFY_H

#include "runtime/scan.h"

/* Fills s->records and s->objects. Safe while the world is stopped. */
void lsan_classify_stopped(struct lsan_scan *s);

#endif
