/* unload.test's program: a thread and main stopping and resuming through
 * /dev/leaksan-stw in a loop until SIGTERM; says "open" once it holds the
 * device. */
#include <pthread.h>
#include <signal.h>

#include "kstw.h"

static volatile sig_atomic_t quit;

static void on_term(int sig) { quit = 1; }

static void *idle(void *arg)
{
    for (;;)
        kstw_sleep_ms(5);
    return NULL;
}

int main(void)
{
    struct kstw k;
    pthread_t t;
    signal(SIGTERM, on_term);
    kstw_open(&k, 16);
    pthread_create(&t, NULL, idle, NULL);
    printf("open\n");
    fflush(stdout);
    while (!quit) {
        kstw_stop(&k);
        kstw_resume(&k);
        kstw_sleep_ms(2);
    }
    return 0;
}
