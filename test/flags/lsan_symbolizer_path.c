// Tests that the LSAN_SYMBOLIZER_PATH environment variable picks the symbolizer (a missing path falls back to addr2line with a warning), and that external_symbolizer_path wins over it.
// RUN: %clang %s -o %t
// RUN: { env LSAN_SYMBOLIZER_PATH=%t.missing %run %t 2>&1; echo "exit=$?"; } | FileCheck %s -DMISSING=%t.missing --check-prefix=BOGUS
// RUN: { env LSAN_SYMBOLIZER_PATH=$(command -v addr2line) %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=A2L
// RUN: { env LSAN_SYMBOLIZER_PATH=%t.missing %env_lsan_opts=external_symbolizer_path=$(command -v llvm-symbolizer) %run %t 2>&1; echo "exit=$?"; } | FileCheck %s --check-prefix=FLAG
#include "leaksan_test.h"

void *volatile sink;

int main(void)
{
    sink = malloc(93);
    sink = NULL;
    return 0;
}

// BOGUS: =={{[0-9]+}}==leaksan: external symbolizer '[[MISSING]]' is not an executable file; falling back to addr2line.
// BOGUS: Direct leak of 93 byte(s) in 1 object(s) allocated from:
// BOGUS-NEXT: #0 0x{{[0-9a-f]+}} in malloc {{.*}}malloc.c:{{[0-9]+$}}
// BOGUS-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}lsan_symbolizer_path.c:12{{$}}
// BOGUS: exit=23

// A2L-NOT: leaksan:
// A2L: Direct leak of 93 byte(s) in 1 object(s) allocated from:
// A2L-NEXT: #0 0x{{[0-9a-f]+}} in malloc {{.*}}malloc.c:{{[0-9]+$}}
// A2L-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}lsan_symbolizer_path.c:12{{$}}
// A2L: exit=23

// FLAG-NOT: leaksan:
// FLAG: Direct leak of 93 byte(s) in 1 object(s) allocated from:
// FLAG-NEXT: #0 0x{{[0-9a-f]+}} in malloc {{.*}}malloc.c:{{[0-9]+:[0-9]+$}}
// FLAG-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}lsan_symbolizer_path.c:12:{{[0-9]+}}{{$}}
// FLAG: exit=23
