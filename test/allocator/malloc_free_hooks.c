// Tests that hooks installed with __sanitizer_install_malloc_and_free_hooks see every allocation's pointer and size and every freed pointer.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

static const volatile void *last_malloc, *last_free;
static size_t last_size;
static int mallocs, frees;

static void on_malloc(const volatile void *p, size_t size)
{
    last_malloc = p;
    last_size = size;
    mallocs++;
}

static void on_free(const volatile void *p)
{
    last_free = p;
    frees++;
}

int main(void)
{
    EXPECT(__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free) != 0);
    int m0 = mallocs, f0 = frees;
    void *p = malloc(123);
    EXPECT(mallocs == m0 + 1 && last_malloc == p && last_size == 123);
    free(p);
    EXPECT(frees == f0 + 1 && last_free == p);
    void *c = calloc(10, 10);
    EXPECT(last_malloc == c && last_size == 100);
    void *big = malloc(5 << 20);
    EXPECT(last_malloc == big && last_size == (5 << 20));
    void *a = aligned_alloc(4096, 4096);
    EXPECT(last_malloc == a && last_size == 4096);
    free(a);
    EXPECT(last_free == a);
    free(big);
    EXPECT(last_free == big);
    free(c);
    EXPECT(last_free == c);
    EXPECT(mallocs == m0 + 4 && frees == f0 + 4);
    return 0;
}
