/* Installed as liblsan_preinit.o in leaksan's gcc -B overlay, to shadow GCC's
 * own, which calls compiler-rt's __lsan_init from .preinit_array (leaksan has
 * no such export). Deliberately empty: the shared runtime initialises from its
 * library constructor, before the program's constructors run; allocations
 * made earlier (other libraries' constructors) start the allocator on demand. */
typedef int lsan_gcc_preinit_is_empty;
