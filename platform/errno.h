/* Names of the errno values leaksan's messages mention, without libc (no
 * strerror, no locale): safe while the world is stopped. */
#ifndef LSAN_PLATFORM_ERRNAME_H
#define LSAN_PLATFORM_ERRNAME_H

/* "EMFILE" for EMFILE (or -EMFILE); "error" for one not in the table. */
const char *lsan_errno_name(int e);
/* "Too many open files (EMFILE)"; "unknown error" for one not in the table. */
const char *lsan_errno_text(int e);

#endif
