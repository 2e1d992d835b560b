// Tests every plain, array, nothrow and sized form of operator new/delete: leaksan allocates chunks of the requested size, 16-byte aligned, and every delete releases them.
// RUN: %clangxx -std=c++17 -fsized-deallocation %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <new>

static size_t base;

static void *check_new(void *p, size_t n)
{
    EXPECT(p != nullptr);
    EXPECT(is_aligned(p, 16));
    EXPECT(__sanitizer_get_ownership(p) == 1);
    EXPECT(__sanitizer_get_allocated_size(p) == n);
    EXPECT(__sanitizer_get_current_allocated_bytes() == base + n);
    return p;
}

static void check_deleted(void *p)
{
    EXPECT(__sanitizer_get_ownership(p) == 0);
    EXPECT(__sanitizer_get_current_allocated_bytes() == base);
}

struct Obj {
    long v[5];
};

int main()
{
    base = __sanitizer_get_current_allocated_bytes();
    void *p;

    p = check_new(operator new(24), 24);
    operator delete(p);
    check_deleted(p);
    p = check_new(operator new[](40), 40);
    operator delete[](p);
    check_deleted(p);
    p = check_new(operator new(56, std::nothrow), 56);
    operator delete(p, std::nothrow);
    check_deleted(p);
    p = check_new(operator new[](72, std::nothrow), 72);
    operator delete[](p, std::nothrow);
    check_deleted(p);
    p = check_new(operator new(88), 88);
    operator delete(p, (size_t)88);
    check_deleted(p);
    p = check_new(operator new[](104), 104);
    operator delete[](p, (size_t)104);
    check_deleted(p);
    p = check_new(operator new(1 << 20), 1 << 20);
    operator delete(p, (size_t)(1 << 20));
    check_deleted(p);

    // the compiler-generated calls, sized delete included (-fsized-deallocation)
    Obj *o = new Obj();
    check_new(o, sizeof(Obj));
    EXPECT(o->v[0] == 0 && o->v[4] == 0);
    delete o;
    check_deleted(o);
    char *a = new char[333];
    check_new(a, 333);
    delete[] a;
    check_deleted(a);
    Obj *arr = new (std::nothrow) Obj[3];
    EXPECT(arr != nullptr);
    delete[] arr;
    EXPECT(__sanitizer_get_current_allocated_bytes() == base);
    return 0;
}
