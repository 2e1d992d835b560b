// Tests that a block whose only pointer is in a __thread variable of a dlopen'ed library (dynamic TLS, allocated lazily by the loader) is not a leak.
// RUN: %clang -shared -fPIC -DBUILD_LIB %s -o %t.so
// RUN: %clang %s -ldl -o %t
// RUN: { %run %t %t.so 2>&1; echo "exit=$?"; } | FileCheck %s
#ifdef BUILD_LIB
__thread void *dyn_tls_ptr;
void **dyn_tls_addr(void) { return &dyn_tls_ptr; }
#else
#include "leaksan_test.h"
#include <pthread.h>
#include <semaphore.h>

static void **(*tls_addr)(void);
static sem_t stored, done;

static void *holder(void *arg)
{
    void **slot = tls_addr();
    /* the loader allocated this thread's block of the library's TLS with malloc */
    EXPECT(__sanitizer_get_ownership(slot));
    *slot = malloc(47);
    slot = NULL;
    sem_post(&stored);
    sem_wait(&done);
    free(*tls_addr());
    return arg;
}

int main(int argc, char **argv)
{
    void *lib = dlopen(argv[1], RTLD_NOW);
    EXPECT(lib);
    tls_addr = (void **(*)(void))dlsym(lib, "dyn_tls_addr");
    EXPECT(tls_addr);
    EXPECT(__sanitizer_get_ownership(tls_addr()));
    *tls_addr() = malloc(48);

    pthread_t t;
    sem_init(&stored, 0, 0);
    sem_init(&done, 0, 0);
    pthread_create(&t, NULL, holder, NULL);
    sem_wait(&stored);
    int leaks = __lsan_do_recoverable_leak_check();
    sem_post(&done);
    pthread_join(t, NULL);
    printf("leaks=%d\n", leaks);
    return 0;
}
#endif

// CHECK-NOT: leak of
// CHECK: leaks=0
// CHECK-NEXT: exit=0
