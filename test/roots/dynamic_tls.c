// Tests that a block whose only pointer is in a __thread variable of a dlopen'ed library (dynamic TLS, allocated lazily by the loader) is not a leak.
// RUN: %clang -shared -fPIC -DBUILD_LIB %s -o %t.so
// RUN: %clang %s -ldl -o %t
// RUN: { %run %t %t.so 2>&1; echo "exit=$?"; } | FileCheck %s
#ifdef BUILD_LIB
__thread void *dyn_tls_ptr;
void **dyn_tls_addr(void) { return &dyn_tls_ptr; }
#else
#include "leaksan_test.h"
#include "holder_thread.h"

static void **(*tls_addr)(void);

static void *holder(void *arg)
{
    void **slot = tls_addr();
    /* the loader allocated this thread's block of the library's TLS with malloc */
    EXPECT(__sanitizer_get_ownership(slot));
    *slot = malloc(47);
    slot = NULL;
    hold_until_checked();
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

    int leaks = check_while_held(holder);
    printf("leaks=%d\n", leaks);
    return 0;
}
#endif

// CHECK-NOT: leak of
// CHECK: leaks=0
// CHECK-NEXT: exit=0
