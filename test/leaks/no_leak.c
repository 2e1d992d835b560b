// Tests that a program that frees everything passes the leak check silently with exit status 0.
// RUN: %clang %s -o %t
// RUN: %run %t 2>&1 | count 0
#include "leaksan_test.h"

int main(void)
{
    void *blocks[100];
    for (int i = 0; i < 100; i++)
        blocks[i] = malloc(16 * i + 1);
    for (int i = 0; i < 100; i++)
        free(blocks[i]);
    // the leak checker itself runs and finds nothing (0), before the one at exit
    EXPECT(__lsan_do_recoverable_leak_check() == 0);
    return 0;
}
