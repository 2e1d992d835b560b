// Tests the align_val_t forms of operator new/delete (plain, array, nothrow, sized) with alignments 64 and 4096: results are aligned, of the requested size, and every delete releases them.
// RUN: %clangxx -std=c++17 -fsized-deallocation %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <new>

static size_t base;

static void *check_new(void *p, size_t n, size_t align)
{
    EXPECT(p != nullptr);
    EXPECT(is_aligned(p, align));
    EXPECT(__sanitizer_get_allocated_size(p) == n);
    EXPECT(__sanitizer_get_current_allocated_bytes() == base + n);
    return p;
}

static void check_deleted(void *p)
{
    EXPECT(__sanitizer_get_ownership(p) == 0);
    EXPECT(__sanitizer_get_current_allocated_bytes() == base);
}

struct alignas(64) Line {
    char c[64];
};
struct alignas(4096) Page {
    char c[4096];
};

int main()
{
    base = __sanitizer_get_current_allocated_bytes();
    static const size_t aligns[] = {64, 4096};
    for (size_t i = 0; i < 2; i++) {
        size_t al = aligns[i];
        std::align_val_t a{al};
        void *p;
        p = check_new(operator new(al + 1, a), al + 1, al);
        operator delete(p, a);
        check_deleted(p);
        p = check_new(operator new[](3 * al, a), 3 * al, al);
        operator delete[](p, a);
        check_deleted(p);
        p = check_new(operator new(100, a, std::nothrow), 100, al);
        operator delete(p, a, std::nothrow);
        check_deleted(p);
        p = check_new(operator new[](200, a, std::nothrow), 200, al);
        operator delete[](p, a, std::nothrow);
        check_deleted(p);
        p = check_new(operator new(al, a), al, al);
        operator delete(p, al, a);
        check_deleted(p);
        p = check_new(operator new[](2 * al, a), 2 * al, al);
        operator delete[](p, 2 * al, a);
        check_deleted(p);
    }
    // the compiler-generated calls for over-aligned types
    Line *l = new Line;
    check_new(l, sizeof(Line), 64);
    delete l;
    check_deleted(l);
    Page *pg = new Page[3];
    check_new(pg, 3 * sizeof(Page), 4096);
    delete[] pg;
    check_deleted(pg);
    Page *one = new (std::nothrow) Page;
    check_new(one, sizeof(Page), 4096);
    delete one;
    check_deleted(one);
    return 0;
}
