// Tests that the nothrow forms of operator new return NULL for an impossible size under allocator_may_return_null=1, without a report: only LSan's one-line warning for each, as clang 14's LSan prints.
// RUN: %clangxx -std=c++17 %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0:allocator_may_return_null=1 %run %t 2>&1 | FileCheck %s --match-full-lines
#include "leaksan_test.h"

#include <new>

int main()
{
    const size_t huge = (size_t)1 << 50;
    EXPECT(operator new(huge, std::nothrow) == nullptr);
    EXPECT(operator new[](huge, std::nothrow) == nullptr);
    EXPECT(operator new(huge, std::align_val_t{64}, std::nothrow) == nullptr);
    EXPECT(operator new[](huge, std::align_val_t{4096}, std::nothrow) == nullptr);
    return 0;
}

// CHECK-COUNT-4: =={{[0-9]+}}==WARNING: LeakSanitizer failed to allocate 0x4000000000000 bytes
// CHECK-NOT: {{.}}
