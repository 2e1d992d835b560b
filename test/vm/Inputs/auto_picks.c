// The program of the auto_picks_*.c tests: a thread blocked in read and a
// leak in main; the exit check must stop the thread and report the leak.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int fds[2];
void *volatile sink;

static void *reader(void *arg)
{
    char c;
    ssize_t n = read(fds[0], &c, 1);
    fprintf(stderr, "read returned %zd\n", n);
    return arg;
}

int main(void)
{
    pthread_t t;
    if (pipe(fds) || pthread_create(&t, NULL, reader, NULL))
        return 1;
    sink = malloc(33);
    sink = NULL;
    fprintf(stderr, "leaked\n");
    return 0;  // exits with the reader still blocked
}
