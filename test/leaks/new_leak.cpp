// Tests that an object from operator new whose pointer is lost is a direct leak whose stack starts at operator new, then main.
// RUN: %clangxx %s -o %t
// RUN: { %run %t 2>&1; echo "exit=$?"; } | FileCheck %s
struct Point {
    long x, y, z;
};

Point *volatile sink;

int main()
{
    sink = new Point{1, 2, 3};
    sink = nullptr;
    return 0;
}

// CHECK: =={{[0-9]+}}==ERROR: LeakSanitizer: detected memory leaks
// CHECK-EMPTY:
// CHECK-NEXT: Direct leak of 24 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in operator new(unsigned long)
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}new_leak.cpp:12{{(:[0-9]+)?$}}
// CHECK-NOT: leak of
// CHECK: SUMMARY: LeakSanitizer: 24 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
