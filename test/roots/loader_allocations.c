// Tests that what the dynamic loader allocates for a dlopen'ed library with TLS (link map, scope, DTV, TLS blocks of two threads) is never reported, after dlclose or without it.
// RUN: %clang -shared -fPIC -DBUILD_LIB %s -o %t.so
// RUN: %clang %s -ldl -o %t
// RUN: %run %t %t.so close 2>&1 | count 0
// RUN: %run %t %t.so keep 2>&1 | count 0
#ifdef BUILD_LIB
__thread char tls_block[300];
__thread int tls_counter = 7;
char *lib_touch(void)
{
    tls_counter++;
    return tls_block;
}
#else
#include "leaksan_test.h"
#include <pthread.h>
#include <string.h>

static char *(*touch)(void);

static void *worker(void *arg)
{
    touch();
    return arg;
}

int main(int argc, char **argv)
{
    EXPECT(argc == 3);
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL);
    EXPECT(lib);
    touch = (char *(*)(void))dlsym(lib, "lib_touch");
    EXPECT(touch);
    EXPECT(__sanitizer_get_allocated_begin(touch())); /* dynamic TLS from malloc */
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    EXPECT(__lsan_do_recoverable_leak_check() == 0);
    if (!strcmp(argv[2], "close"))
        EXPECT(dlclose(lib) == 0);
    return 0;
}
#endif
