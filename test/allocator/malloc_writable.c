// Tests that malloc returns blocks of every size 1..5000 (and some large sizes) that are fully writable and never overlap.
// RUN: %clang %s -o %t
// RUN: %env_lsan_opts=detect_leaks=0 %run %t
#include "leaksan_test.h"

#include <string.h>

#define N 5000

static unsigned char *blocks[N + 1];
static const size_t large[] = {1 << 17, (1 << 17) + 1, 1 << 20, 10 << 20, (10 << 20) + 12345};
static unsigned char *large_blocks[sizeof(large) / sizeof(large[0])];

int main(void)
{
    // everything live at once: overlapping blocks would clobber each other's pattern
    for (size_t n = 1; n <= N; n++) {
        blocks[n] = malloc(n);
        EXPECT(blocks[n] != NULL);
        memset(blocks[n], (int)(n & 0xff), n);
    }
    for (size_t i = 0; i < sizeof(large) / sizeof(large[0]); i++) {
        large_blocks[i] = malloc(large[i]);
        EXPECT(large_blocks[i] != NULL);
        memset(large_blocks[i], (int)(0x80 + i), large[i]);
    }
    for (size_t n = 1; n <= N; n++)
        for (size_t j = 0; j < n; j++)
            EXPECT(blocks[n][j] == (unsigned char)(n & 0xff));
    for (size_t i = 0; i < sizeof(large) / sizeof(large[0]); i++)
        for (size_t j = 0; j < large[i]; j += 4093)
            EXPECT(large_blocks[i][j] == (unsigned char)(0x80 + i));
    for (size_t i = 0; i < sizeof(large) / sizeof(large[0]); i++)
        EXPECT(large_blocks[i][large[i] - 1] == (unsigned char)(0x80 + i));
    for (size_t n = 1; n <= N; n++)
        free(blocks[n]);
    for (size_t i = 0; i < sizeof(large) / sizeof(large[0]); i++)
        free(large_blocks[i]);
    return 0;
}
