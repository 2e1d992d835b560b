/* Idle threads for the stop-the-world tests: a program with several threads
 * makes every backend really stop something. */
#include <pthread.h>
#include <unistd.h>

static volatile int idle_threads_stop;
static pthread_t idle_threads[16];
static int idle_threads_n;

static void *idle_thread(void *arg)
{
    while (!idle_threads_stop)
        usleep(1000);
    return arg;
}

static void start_idle_threads(int n)
{
    for (idle_threads_n = 0; idle_threads_n < n && idle_threads_n < 16; idle_threads_n++)
        pthread_create(&idle_threads[idle_threads_n], NULL, idle_thread, NULL);
}

static void stop_idle_threads(void)
{
    idle_threads_stop = 1;
    for (int i = 0; i < idle_threads_n; i++)
        pthread_join(idle_threads[i], NULL);
}
