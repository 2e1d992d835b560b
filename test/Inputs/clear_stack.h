/* clear_stack(): zeroes 16 KiB of the calling thread's stack below the
 * caller's frame, so dead frames of earlier calls hold no stale copies of a
 * pointer the test means to lose. A conservative scanner may look at that
 * memory: the exit-time check runs in frames that reuse it. */
#ifndef LEAKSAN_CLEAR_STACK_H
#define LEAKSAN_CLEAR_STACK_H

__attribute__((noinline)) static void clear_stack(void)
{
    volatile char buf[16384];
    for (unsigned i = 0; i < sizeof(buf); i++)
        buf[i] = 0;
}

#endif
