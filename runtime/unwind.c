/* Stack capture for allocations: frame-pointer walk (fast) or libgcc's DWARF
 * unwinder (slow, fast_unwind_on_malloc=0). The fast walk touches only the
 * current thread's stack, within bounds recorded per thread. */
#include "runtime/unwind.h"

#include <dlfcn.h>
#include <unwind.h>

#include "platform/maps.h"

__thread struct lsan_unwind_stack_bounds lsan_unwind_stack_bounds;

void lsan_unwind_init_thread(void)
{
    uptr sp = (uptr)__builtin_frame_address(0);
    uptr lo, hi;
    if (lsan_maps_find_mapping(sp, &lo, &hi) == 0) {
        lsan_unwind_stack_bounds.lo = lo;
        lsan_unwind_stack_bounds.hi = hi;
    } else {
        lsan_unwind_stack_bounds.lo = sp;
        lsan_unwind_stack_bounds.hi = sp + 4096;
    }
}

u32 lsan_unwind_fast(uptr pc0, uptr bp, uptr *out, u32 max)
{
    if (!max)
        return 0;
    out[0] = pc0;
    u32 n = 1;
    if (LSAN_UNLIKELY(!lsan_unwind_stack_bounds.hi))
        lsan_unwind_init_thread();
    /* Callers' frames lie above our own frame: [here, top) is always mapped,
     * whatever a frame without a frame pointer left in rbp. */
    uptr here = (uptr)__builtin_frame_address(0);
    uptr lo = lsan_unwind_stack_bounds.lo > here ? lsan_unwind_stack_bounds.lo : here;
    uptr hi = lsan_unwind_stack_bounds.hi;
    uptr fp = bp;
    while (n < max) {
        if (fp < lo || fp > hi - 16 || (fp & 7))
            break;
        uptr *f = (uptr *)fp;
        uptr pc = f[1];
        if (pc < 0x1000)
            break;
        out[n++] = pc;
        uptr next = f[0];
        if (next <= fp)
            break;
        fp = next;
    }
    return n;
}

typedef _Unwind_Reason_Code (*backtrace_fn)(_Unwind_Trace_Fn, void *);
typedef uptr (*get_fn)(struct _Unwind_Context *);

/* libgcc_s is looked up at run time: leaksan does not depend on it. */
static get_fn get_ip, get_cfa;

struct slow_state {
    uptr *out;
    u32 n, max;
    uptr cfa_min;
};

static _Unwind_Reason_Code slow_cb(struct _Unwind_Context *ctx, void *arg)
{
    struct slow_state *s = arg;
    uptr pc = get_ip(ctx);
    if (!pc)
        return _URC_END_OF_STACK;
    if (get_cfa(ctx) <= s->cfa_min)
        return _URC_NO_REASON; /* leaksan's own frames */
    if (s->n >= s->max)
        return _URC_END_OF_STACK;
    s->out[s->n++] = pc;
    return _URC_NO_REASON;
}


u32 lsan_unwind_slow(uptr pc0, uptr bp, uptr *out, u32 max)
{
    static backtrace_fn bt;
    static int looked;
    if (!max)
        return 0;
    if (!looked) {
        looked = 1;
        void *h = dlopen("libgcc_s.so.1", RTLD_NOW | RTLD_NOLOAD);
        if (!h)
            h = dlopen("libgcc_s.so.1", RTLD_NOW);
        if (h) {
            get_ip = (get_fn)dlsym(h, "_Unwind_GetIP");
            get_cfa = (get_fn)dlsym(h, "_Unwind_GetCFA");
            if (get_ip && get_cfa)
                bt = (backtrace_fn)dlsym(h, "_Unwind_Backtrace");
        }
    }
    out[0] = pc0;
    if (!bt)
        return 1;
    /* a frame's context reports the stack pointer at its call site: frames
     * up to the interceptor report at most its frame address */
    struct slow_state s = {out, 1, max, bp};
    bt(slow_cb, &s);
    return s.n;
}
