/* What /proc says about one thread (task) of a process. Safe while the world
 * is stopped: raw system calls only, no libc, no TLS. */
#ifndef LSAN_PLATFORM_TASK_H
#define LSAN_PLATFORM_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Calls fn(tid, arg) for every thread /proc/TGID/task lists (tgid 0:
 * /proc/self/task) until fn returns non-zero. Returns 0, fn's non-zero
 * result (fn's must be positive), or -errno if the list cannot be read. */
int lsan_task_each(int tgid, int (*fn)(int tid, void *arg), void *arg);

/* The state letter of /proc/TGID/task/TID/stat ('R', 'S', 'Z' zombie, ...),
 * '?' when the thread is gone, '!' when it cannot be told. */
char lsan_task_state_stopped(int tgid, int tid);

/* A thread in this state runs no more code: gone, a zombie, or dead. A zombie
 * main thread (it called pthread_exit) stays listed until the process ends. */
static inline bool lsan_task_gone(char state) { return state == '?' || state == 'Z' || state == 'X'; }

/* Copies the value of FIELD ("SigBlk:", "Name:"...) from the status file of
 * thread tid, or of the process when tid is 0, into out (the rest of its line,
 * leading blanks skipped). Returns 0; or -ENODATA, or -errno when the file
 * cannot be read, with out "". */
int lsan_task_status_field(int tid, const char *field, char *out, size_t len);
/* The number (base 10 or 16) FIELD holds there: 0 with *out set, or the
 * error of lsan_task_status_field with *out untouched. */
int lsan_task_status_number(int tid, const char *field, int base, uint64_t *out);

/* The pid /proc gives this process (the name /proc/self links to), or
 * -errno. It differs from getpid() when /proc was mounted for another PID
 * namespace (unshare -p without --mount-proc): its thread ids are then not
 * the ones the kernel calls this process's threads by. */
int lsan_task_proc_pid(void);

/* 0 if /proc names this process's threads as the kernel does for it (or
 * this process has one thread only, so nothing needs listing), -ESRCH if
 * not; *proc_pid is /proc's pid of it, *threads its thread count there. */
int lsan_task_proc_describes_self(int pid, int *proc_pid, int *threads);

#endif
