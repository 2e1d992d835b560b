// Tests that C++ frames are demangled with namespaces, classes, template arguments and parameter types, and operator new is frame #0.
// RUN: %clangxx %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
#include "leaksan_test.h"
#include "clear_stack.h"

namespace store {
template <typename T> struct Box {
    T *value;
    __attribute__((noinline)) void fill(int n) { value = new T[n]; }
};
class Registry {
  public:
    __attribute__((noinline)) static Box<long> *make(int n)
    {
        Box<long> *b = new Box<long>;
        b->fill(n);
        return b;
    }
};
} // namespace store

store::Box<long> *volatile sink;

int main()
{
    sink = store::Registry::make(13);
    sink = nullptr;
    clear_stack(); /* make() left its local b in a dead frame */
    return 0;
}

// CHECK: Direct leak of 8 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in operator new(unsigned long) {{.*}}
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in store::Registry::make(int) {{.*}}cxx_demangled.cpp:16{{(:[0-9]+)?$}}
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in main {{.*}}cxx_demangled.cpp:27{{(:[0-9]+)?$}}
// CHECK: Indirect leak of 104 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in operator new[](unsigned long) {{.*}}
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in store::Box<long>::fill(int) {{.*}}cxx_demangled.cpp:10{{(:[0-9]+)?$}}
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in store::Registry::make(int) {{.*}}cxx_demangled.cpp:17{{(:[0-9]+)?$}}
// CHECK-NEXT: #3 0x{{[0-9a-f]+}} in main {{.*}}cxx_demangled.cpp:27{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 112 byte(s) leaked in 2 allocation(s).
// CHECK-NEXT: exit=23
