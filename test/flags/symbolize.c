// Tests that symbolize=0 prints frames as (module+0xoffset) with no function or file names.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=symbolize=0 %run %t 2>&1; echo "exit=$?"; } | FileCheck %s -DEXE=%t
//
// Frame #0 (malloc) is in libleaksan.so, or in the program when leaksan is
// linked in statically (clang -fsanitize=leak).
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    sink = malloc(91);
    sink = NULL;
    return 0;
}

// CHECK: Direct leak of 91 byte(s) in 1 object(s) allocated from:
// CHECK-NEXT: {{^    }}#0 0x{{[0-9a-f]+}}  ({{/[^ ]+}}+0x{{[0-9a-f]+}}){{$}}
// CHECK-NEXT: {{^    }}#1 0x{{[0-9a-f]+}}  ([[EXE]]+0x{{[0-9a-f]+}}){{$}}
// CHECK-NEXT: {{^    }}#2 0x{{[0-9a-f]+}}  ({{.*}}libc.so.6+0x{{[0-9a-f]+}}){{$}}
// CHECK-NOT: {{ in }}
// CHECK: SUMMARY: LeakSanitizer: 91 byte(s) leaked in 1 allocation(s).
// CHECK-NEXT: exit=23
