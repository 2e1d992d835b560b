// Tests that two threads that keep creating joined and detached threads (20 at a time) each hand every new thread exactly its own start argument, with and without leak checks running meanwhile (glibc reuses a joined thread's pthread_t at once: a join must release that thread's record, never the new one's).
// RUN: %clang %s -o %t
// RUN: { %run %t 0 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=NOCHECK
// RUN: { %run %t 1 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=CHECKS
#include "leaksan_test.h"
#include <pthread.h>
#include <string.h>

#define SPAWNERS 2
#define BATCH 20
#define ROUNDS 150 /* per spawner: 3000 threads each */
#define MAGIC 0x5eedf00dcafe1234ull

struct arg {
    unsigned long long magic;
    unsigned long spawner, serial;
    unsigned long *done; /* the spawner's counter of threads that ran */
};

static void *worker(void *p)
{
    struct arg *a = p;
    EXPECT(a->magic == MAGIC);
    unsigned long serial = a->serial;
    __atomic_add_fetch(a->done, 1, __ATOMIC_SEQ_CST);
    /* a block of this thread's own, to make the allocator hand out fresh
     * memory that stale start data could alias */
    char *local = malloc(sizeof(struct arg));
    memset(local, 0x77, sizeof(struct arg));
    free(local);
    a->magic = 0;
    free(a);
    return (void *)(serial + 1);
}

static void *spawner(void *p)
{
    unsigned long id = (unsigned long)p;
    unsigned long done = 0, made = 0;
    pthread_attr_t detached;
    pthread_attr_init(&detached);
    pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
    for (int round = 0; round < ROUNDS; round++) {
        pthread_t joined[BATCH];
        unsigned long serials[BATCH];
        int n_joined = 0;
        for (int i = 0; i < BATCH; i++) {
            struct arg *a = malloc(sizeof(*a));
            a->magic = MAGIC;
            a->spawner = id;
            a->serial = made++;
            a->done = &done;
            if (i % 2) {
                pthread_t t;
                EXPECT(pthread_create(&t, &detached, worker, a) == 0);
            } else {
                serials[n_joined] = a->serial;
                EXPECT(pthread_create(&joined[n_joined], NULL, worker, a) == 0);
                n_joined++;
            }
        }
        for (int i = 0; i < n_joined; i++) {
            void *ret;
            EXPECT(pthread_join(joined[i], &ret) == 0);
            EXPECT((unsigned long)ret == serials[i] + 1);
        }
    }
    /* every detached thread ran too */
    while (__atomic_load_n(&done, __ATOMIC_SEQ_CST) != made)
        usleep(1000);
    pthread_attr_destroy(&detached);
    return NULL;
}

int main(int argc, char **argv)
{
    int checks = argc > 1 && atoi(argv[1]);
    pthread_t s[SPAWNERS];
    for (long i = 0; i < SPAWNERS; i++)
        EXPECT(pthread_create(&s[i], NULL, spawner, (void *)i) == 0);
    int leaks = 0, n_checks = 0;
    if (checks) {
        for (; n_checks < 20; n_checks++) {
            leaks += __lsan_do_recoverable_leak_check();
            usleep(20000);
        }
    }
    for (int i = 0; i < SPAWNERS; i++)
        EXPECT(pthread_join(s[i], NULL) == 0);
    fprintf(stderr, "checks=%d leaks=%d\n", n_checks, leaks);
    return 0;
}

// NOCHECK-NOT: leaksan:
// NOCHECK: checks=0 leaks=0
// NOCHECK-NOT: leak of
// NOCHECK: exit=0
// CHECKS-NOT: leak of
// CHECKS: checks=20 leaks=0
// CHECKS-NOT: leak of
// CHECKS: exit=0
