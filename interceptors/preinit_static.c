/* Start-up of the static runtime (libleaksan.a, linked into executables by
 * `clang -fsanitize=leak -resource-dir=<leaksan>/lib/leaksan/clang`): a
 * .preinit_array entry that starts leaksan (lsan_start: libc's functions
 * handed to the runtime, then lsan_init) before every constructor, shared
 * libraries' and the program's own, as compiler-rt's static runtimes do.
 * Only in libleaksan.a: a shared object may not have a .preinit_array.
 * Exports nothing; lsan_start() is idempotent, so the constructor in
 * start.c finding it done is fine. */
#include "interceptors/start.h"

/* The loader calls .preinit_array entries like main: (argc, argv, envp). */
static void preinit(int argc, char **argv, char **envp) { lsan_start(); }

__attribute__((section(".preinit_array"), used)) static void (*lsan_preinit_entry)(int, char **,
                                                                                   char **) = preinit;
