/* past_eof_region(): two pages mapped from a one-page file, the second past
 * the file's end: /proc/self/maps calls it readable, yet reading it raises
 * SIGBUS. Registered as a root region, it makes a leak check's scan fault
 * (a PROT_NONE page is skipped, so it no longer can). */
#ifndef LEAKSAN_PAST_EOF_H
#define LEAKSAN_PAST_EOF_H

#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static char *past_eof_region(void)
{
    char path[] = "/tmp/leaksan-past-eof-XXXXXX";
    int fd = mkstemp(path);
    EXPECT(fd >= 0);
    unlink(path);
    long page = sysconf(_SC_PAGESIZE);
    EXPECT(ftruncate(fd, page) == 0);
    char *m = mmap(NULL, 2 * page, PROT_READ, MAP_SHARED, fd, 0);
    EXPECT(m != MAP_FAILED);
    close(fd);
    __lsan_register_root_region(m, 2 * page);
    return m;
}

static void past_eof_unregister(char *m)
{
    long page = sysconf(_SC_PAGESIZE);
    __lsan_unregister_root_region(m, 2 * page);
    munmap(m, 2 * page);
}

#endif
