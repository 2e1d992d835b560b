/* The program program_gcc.test builds with a preloaded gcc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(void)
{
    int v[100];
    for (int i = 0; i < 100; i++)
        v[i] = (i * 37) % 101;
    qsort(v, 100, sizeof(v[0]), cmp);
    char *s = strdup("built by gcc under leaksan");
    printf("%s: %d %d %d\n", s, v[0], v[50], v[99]);
    free(s);
    return 0;
}
