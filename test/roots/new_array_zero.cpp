// Tests that new T[0] for a T with a destructor stays reachable through the pointer the program holds, one past the chunk's 8-byte zero element count, and that a lost one is still a leak; as LSan.
// RUN: %clangxx %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
struct Counted {
    int x;
    ~Counted();
};
Counted::~Counted() {}

Counted *held;
Counted *volatile lost;

int main()
{
    held = new Counted[0];
    lost = new Counted[0];
    lost = nullptr;
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 8 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in operator new[](unsigned long)
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}new_array_zero.cpp:16{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 8 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
