/* Implementation of check.h: the two ways to end the process. Raw system
 * calls and the non-allocating formatter only. */
#include "platform/check.h"

#include "platform/fmt.h"

void lsan_check_failed(const char *file, int line, const char *expr)
{
    lsan_fmt_eprintf("==%ld==leaksan: CHECK failed: %s:%d \"%s\"\n", sys_getpid(), file, line,
                     expr);
    sys_exit_group(1);
}

void lsan_check_die(int code)
{
    sys_exit_group(code);
}
