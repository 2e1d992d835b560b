// Tests external_symbolizer_path: a path that is not an executable gives one warning and frames symbolized by addr2line (no columns); llvm-symbolizer gives columns; addr2line is used when named.
// RUN: %clang %s -o %t
// RUN: { %env_lsan_opts=external_symbolizer_path=%t.missing %run %t 2>&1; echo "exit=$?"; } | FileCheck %s -DMISSING=%t.missing --check-prefix=BOGUS
// RUN: { %env_lsan_opts=external_symbolizer_path=$(command -v llvm-symbolizer) %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=LLVM
// RUN: { %env_lsan_opts=external_symbolizer_path=$(command -v addr2line) %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=A2L
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    sink = malloc(92);
    sink = NULL;
    return 0;
}

// BOGUS: =={{[0-9]+}}==leaksan: external symbolizer '[[MISSING]]' is not an executable file; falling back to addr2line. Set external_symbolizer_path or LSAN_SYMBOLIZER_PATH to an llvm-symbolizer.
// BOGUS: Direct leak of 92 byte(s) in 1 object(s) allocated from:
// BOGUS-NEXT: #0 0x{{[0-9a-f]+}} in malloc {{.*}}malloc.c:{{[0-9]+$}}
// BOGUS-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}external_symbolizer_path.c:12{{$}}
// BOGUS-NOT: external symbolizer
// BOGUS: exit=23

// LLVM-NOT: leaksan:
// LLVM: Direct leak of 92 byte(s) in 1 object(s) allocated from:
// LLVM-NEXT: #0 0x{{[0-9a-f]+}} in malloc {{.*}}malloc.c:{{[0-9]+:[0-9]+$}}
// LLVM-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}external_symbolizer_path.c:12:{{[0-9]+}}{{$}}
// LLVM: exit=23

// A2L-NOT: leaksan:
// A2L: Direct leak of 92 byte(s) in 1 object(s) allocated from:
// A2L-NEXT: #0 0x{{[0-9a-f]+}} in malloc {{.*}}malloc.c:{{[0-9]+$}}
// A2L-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}external_symbolizer_path.c:12{{$}}
// A2L: exit=23
