/* For the tid reuse tests (run as root in a PID namespace of their own):
 * finish_unjoined() starts a thread that records its kernel tid and returns;
 * once it is gone (not joined), the next thread the kernel creates gets that
 * tid, through the namespace's ns_last_pid. Returns the pthread_t. */
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile int finished_tid;

static void *finisher(void *arg)
{
    finished_tid = (int)syscall(SYS_gettid);
    return NULL;
}

static pthread_t finish_unjoined(void)
{
    pthread_t t;
    EXPECT(pthread_create(&t, NULL, finisher, NULL) == 0);
    while (!finished_tid)
        usleep(1000);
    usleep(50000); /* gone from the kernel, not joined */
    FILE *f = fopen("/proc/sys/kernel/ns_last_pid", "w");
    EXPECT(f);
    fprintf(f, "%d", finished_tid - 1);
    EXPECT(fclose(f) == 0);
    return t;
}
