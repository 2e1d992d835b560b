// Tests that blocks the dynamic loader allocates (a dlopen'ed library's dynamic TLS block) are roots by default (use_ld_allocations=1), and reported with use_ld_allocations=0 when TLS is not scanned either.
// RUN: %clang -shared -fPIC -DBUILD_LIB %s -o %t.so
// RUN: %clang %s -ldl -o %t
// RUN: %env_lsan_opts=use_tls=0 %run %t %t.so 2>&1 | count 0
// RUN: { %env_lsan_opts=use_tls=0:use_ld_allocations=0 %run %t %t.so 2>&1; echo "exit=$?"; } | FileCheck %s
#ifdef BUILD_LIB
__thread char tls_block[200];
char *lib_touch(void) { return tls_block; }
#else
#include "leaksan_test.h"

__attribute__((noinline)) static void touch(void *lib)
{
    char *(*fn)(void) = (char *(*)(void))dlsym(lib, "lib_touch");
    EXPECT(fn && __sanitizer_get_ownership(fn()));
}

int main(int argc, char **argv)
{
    void *lib = dlopen(argv[1], RTLD_NOW);
    EXPECT(lib);
    touch(lib); /* the loader mallocs the main thread's 200-byte TLS block */
    return 0;
}
#endif

// The only pointer to the block is in the main thread's DTV, which use_tls=0
// does not scan.
// CHECK: Direct leak of 200 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in malloc
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in {{.*(ld-linux-x86-64.so.2|rtld-malloc.h)}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 200 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
