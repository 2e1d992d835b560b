/* The leak check: collect roots, stop the world, mark everything reachable,
 * classify the rest as direct or indirect leaks, then (world running again)
 * apply suppressions and report (report.c: the model; report_text.c: LSan's text). */
#ifndef LSAN_RUNTIME_LEAK_H
#define LSAN_RUNTIME_LEAK_H

#include "platform/base.h"

void lsan_leak_init(void);
/* The end-of-process check (atexit): exits with exitcode on leaks. */
void lsan_leak_check_at_exit(void);
/* __lsan_do_leak_check: once; exits with exitcode on leaks. */
void lsan_leak_check_fatal(uptr caller_sp);
/* __lsan_do_recoverable_leak_check: 1 if leaks were reported, 0 if there
 * were none, -1 if the check failed (it said why): never 0 when it could not
 * look. */
int lsan_leak_check_recoverable(uptr caller_sp);

/* fork() must not happen while a check holds the loader lock (the child
 * would inherit it taken): the fork prepare handler waits for that part of a
 * check to end, before it takes the registry and allocator locks. */
void lsan_leak_fork_prepare(void);
void lsan_leak_fork_parent(void);
/* In a forked child: no check is running, its locks are free. */
void lsan_leak_after_fork_child(void);

void lsan_leak_root_region_add(uptr beg, uptr size);
/* false if no region with exactly these bounds was registered */
bool lsan_leak_root_region_remove(uptr beg, uptr size);

#endif
