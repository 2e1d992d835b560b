/* empty: the smallest program, for the cost of starting and exiting a process.
 * With the argument "malloc" it makes one allocation first, which a runtime
 * that initializes lazily (preloaded liblsan) needs before it starts at all. */
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "malloc")) {
        void *volatile p = malloc(1); /* volatile: the compiler may not drop the pair */
        free(p);
    }
    return 0;
}
