/* The scaffold of the register tests: a holder thread parks a pointer in a
 * register (or leaves it below its sp), sets `ready` from its asm and spins
 * until `stop`, calling nothing, while main runs one recoverable check. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static volatile int ready, stop;

/* Runs holder, checks once while it spins, stops and joins it, and prints
 * "leaks=N" with what the check returned. */
static int check_while_spinning(void *(*holder)(void *))
{
    pthread_t t;
    pthread_create(&t, NULL, holder, NULL);
    while (!ready)
        usleep(100);
    int leaks = __lsan_do_recoverable_leak_check();
    stop = 1;
    pthread_join(t, NULL);
    printf("leaks=%d\n", leaks);
    return leaks;
}
