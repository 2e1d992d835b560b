// Tests that mallinfo and mallinfo2 report allocated bytes in uordblks, growing by N after N bytes are allocated and shrinking back after free.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <malloc.h>

#define N (1000 * 1000)

int main(void)
{
    struct mallinfo2 before2 = mallinfo2();
    struct mallinfo before = mallinfo();
    void *blocks[1000];
    for (int i = 0; i < 1000; i++)
        blocks[i] = malloc(N / 1000);
    struct mallinfo2 after2 = mallinfo2();
    struct mallinfo after = mallinfo();
    EXPECT(after2.uordblks - before2.uordblks >= N);
    EXPECT(after2.uordblks - before2.uordblks <= N + 4096);
    EXPECT(after.uordblks - before.uordblks >= N);
    EXPECT(after.uordblks - before.uordblks <= N + 4096);
    EXPECT(after2.arena >= after2.uordblks);
    for (int i = 0; i < 1000; i++)
        free(blocks[i]);
    struct mallinfo2 freed2 = mallinfo2();
    EXPECT(freed2.uordblks <= before2.uordblks + 4096);
    return 0;
}
