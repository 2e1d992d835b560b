/* The scaffold of the roots tests: one thread stores a pointer somewhere
 * (its stack, its TLS, thread-specific data) and holds it while main runs one
 * recoverable leak check. The holder calls hold_until_checked() once its
 * pointer is stored. */
#include <pthread.h>
#include <semaphore.h>

static sem_t holder_stored, holder_done;

static void hold_until_checked(void)
{
    sem_post(&holder_stored);
    sem_wait(&holder_done);
}

/* Runs holder in a new thread, checks once while it holds, joins it, and
 * returns what the check returned. */
static int check_while_held(void *(*holder)(void *))
{
    pthread_t t;
    sem_init(&holder_stored, 0, 0);
    sem_init(&holder_done, 0, 0);
    pthread_create(&t, NULL, holder, NULL);
    sem_wait(&holder_stored);
    int leaks = __lsan_do_recoverable_leak_check();
    sem_post(&holder_done);
    pthread_join(t, NULL);
    return leaks;
}
