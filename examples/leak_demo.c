/* The example run.sh checks: a small multi-threaded program whose worker
 * thread loses a 3-node list (one direct leak, two indirect behind it), and
 * blocks that are not leaks (held by a global, by the worker's stack and by
 * its thread-local storage while it runs). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct node {
    struct node *next;
    char name[24];
};

static struct node *registry; /* reachable from a global: not a leak */
static __thread char *scratch; /* reachable from TLS: not a leak */
static volatile int done;

static struct node *make_list(int n)
{
    struct node *head = NULL;
    for (int i = 0; i < n; i++) {
        struct node *e = calloc(1, sizeof *e);
        strcpy(e->name, "entry");
        e->next = head;
        head = e;
    }
    return head;
}

static void *worker(void *arg)
{
    char *mine = malloc(64); /* only on this thread's stack: not a leak */
    scratch = strdup("per-thread scratch");
    struct node *lost = make_list(3); /* the head: direct leak; the rest: indirect */
    lost = NULL;
    while (!done)
        usleep(1000);
    free(scratch);
    free(mine);
    return lost;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    registry = make_list(3);
    usleep(20000);
    done = 1;
    pthread_join(t, NULL);
    return 0;
}
