/* The kernel stop-the-world backend: one ioctl on /dev/leaksan-stw (the
 * leaksan_stw module, kernel/) stops every other thread of the process and
 * returns their registers, the callback runs on the calling thread, and a
 * second ioctl resumes them. No ptrace, no signal: nothing the program sees.
 * Between the two ioctls the world is stopped: raw system calls only, every
 * buffer mapped before the stop. */
#include "platform/stw.h"
#include "platform/stw_helper.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>

#include "kernel/uapi/leaksan_stw.h"
#include "platform/errno.h"
#include "platform/task.h"
#include "platform/tls.h"
#include "platform/base.h"
#include "platform/bits.h"
#include "platform/fmt.h"
#include "platform/mem.h"

#define MS 1000000ull
/* E2BIG retries: the process grew between the sizing and the stop. */
#define TRIES 4

/* The buffer of the last run, kept for the next: records, then the world. */
static struct {
    unsigned char *buf;
    size_t size;
    uint32_t capacity;
} arena;

static long ioctl_(int fd, unsigned long req, void *arg) { return SYS3(SYS_ioctl, fd, req, arg); }

/* Opens the device and checks its ABI. Returns the fd, or -errno with why. */
static int open_device(struct leaksan_stw_info *info, char *why, size_t why_len)
{
    long fd = sys_openat(AT_FDCWD, LEAKSAN_STW_DEVICE, O_RDWR | O_CLOEXEC, 0);
    if (fd == -ENOENT || fd == -ENXIO || fd == -ENODEV) {
        lsan_fmt_snprintf(why, why_len, "no %s: the leaksan_stw module is not loaded (see README)",
                          LEAKSAN_STW_DEVICE);
        return (int)fd;
    }
    if (fd < 0) {
        lsan_fmt_snprintf(why, why_len, "cannot open %s: %s%s", LEAKSAN_STW_DEVICE,
                          lsan_errno_text((int)fd),
                          fd == -EACCES || fd == -EPERM ? " (the module makes it mode 0666: was its "
                                                          "mode changed?)"
                                                        : "");
        return (int)fd;
    }
    long r = ioctl_((int)fd, LEAKSAN_STW_IOC_INFO, info);
    if (r < 0 || info->abi_version != LEAKSAN_STW_ABI_VERSION ||
        info->record_size < LEAKSAN_STW_XSAVE_OFFSET + info->xsave_size || info->record_size % 64) {
        if (r < 0)
            lsan_fmt_snprintf(why, why_len, "%s does not answer the ABI version call: %s (another "
                              "driver on that name?)", LEAKSAN_STW_DEVICE, lsan_errno_text((int)r));
        else
            lsan_fmt_snprintf(why, why_len, "%s speaks ABI %u, this leaksan needs %u: load the "
                              "leaksan_stw module built from this leaksan's kernel/",
                              LEAKSAN_STW_DEVICE, info->abi_version, LEAKSAN_STW_ABI_VERSION);
        sys_close((int)fd);
        return -EPROTO;
    }
    return (int)fd;
}

static int kernel_probe(char *why, size_t why_len)
{
    struct leaksan_stw_info info;
    int fd = open_device(&info, why, why_len);
    if (fd < 0)
        return fd;
    sys_close(fd);
    return 0;
}

/* Room for capacity records and capacity + 1 world entries (the caller). */
static int reserve(const struct leaksan_stw_info *info, uint32_t capacity, char *why, size_t why_len)
{
    if (arena.buf && arena.capacity >= capacity)
        return 0;
    size_t size = lsan_bits_round_up((size_t)capacity * info->record_size +
                                         ((size_t)capacity + 1) * sizeof(struct lsan_stw_thread),
                                     LSAN_PAGE);
    long m = sys_mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (sys_is_err(m)) {
        lsan_fmt_snprintf(why, why_len, "cannot map %zu bytes for %u thread records: %s", size,
                          capacity, lsan_errno_text((int)m));
        return (int)m;
    }
    if (arena.buf)
        sys_munmap(arena.buf, arena.size);
    arena.buf = (unsigned char *)m;
    arena.size = size;
    arena.capacity = capacity;
    return 0;
}

/* Why a stop failed, in words. */
static int explain(int r, const struct leaksan_stw_stop *a, uint64_t timeout_ns, char *why,
                   size_t why_len)
{
    if (r == -ETIMEDOUT) {
        char name[32] = "?";
        char state = lsan_task_state_stopped((int)sys_getpid(), a->failed_tid);
        lsan_task_status_field(a->failed_tid, "Name:", name, sizeof(name));
        lsan_fmt_snprintf(why, why_len,
                          "thread %d (%s) did not stop within %llu ms (state %c: an uninterruptible "
                          "or killable wait, such as a vfork parent's, is not left for a stop)",
                          a->failed_tid, name, (unsigned long long)(timeout_ns / MS), state ? state : '?');
    } else if (r == -EBUSY) {
        lsan_fmt_snprintf(why, why_len, "another thread of this process is stopping the world");
    } else {
        lsan_fmt_snprintf(why, why_len, "the stop ioctl on %s failed: %s", LEAKSAN_STW_DEVICE,
                          lsan_errno_text(r));
    }
    return r;
}

/* The world from the records: the stopped threads (an exiting one has left
 * its user code: nothing to scan), then the caller. The registers are the
 * general registers (struct user_regs_struct) then the XSAVE image, as the
 * ptrace backend hands them over. */
static struct lsan_stw_world build_world(const struct leaksan_stw_info *info, uint32_t count)
{
    struct lsan_stw_thread *out =
        (struct lsan_stw_thread *)(arena.buf + (size_t)arena.capacity * info->record_size);
    size_t m = 0;
    for (uint32_t i = 0; i < count; i++) {
        const struct leaksan_stw_record *r =
            (const void *)(arena.buf + (size_t)i * info->record_size);
        if (r->status != LEAKSAN_STW_STOPPED)
            continue;
        struct lsan_stw_thread *t = &out[m++];
        t->tid = r->tid;
        t->status = LSAN_STW_STOPPED;
        t->sp = r->regs.rsp;
        t->tp = r->regs.fs_base;
        t->regs = &r->regs;
        t->regs_size = LEAKSAN_STW_XSAVE_OFFSET - __builtin_offsetof(struct leaksan_stw_record, regs) +
                       r->xsave_size;
    }
    uptr here;
    __asm__ volatile("mov %%rsp, %0" : "=r"(here));
    struct lsan_stw_thread *me = &out[m++];
    me->tid = (int)sys_gettid();
    me->status = LSAN_STW_STOPPED;
    me->sp = here;
    me->tp = lsan_tls_thread_pointer();
    me->regs = NULL;
    me->regs_size = 0;
    struct lsan_stw_world w = {out, m, "kernel"};
    return w;
}

static int kernel_run(lsan_stw_callback cb, void *arg, char *why, size_t why_len)
{
    struct leaksan_stw_info info;
    struct leaksan_stw_stop a;
    int fd = open_device(&info, why, why_len), r = 0, mapped = 0;
    if (fd < 0)
        return fd;
    /* the module's bounds: a stop within an hour, held at most a day */
    uint64_t timeout = lsan_stw_timeout_ns(), hold = timeout + lsan_stw_callback_limit_ns();
    timeout = timeout < 3600 * 1000 * MS ? timeout : 3600 * 1000 * MS;
    hold = hold < 86400 * 1000 * MS ? hold : 86400 * 1000 * MS;
    uint32_t want = arena.capacity > 64 ? arena.capacity : 64;
    for (int i = 0; i < TRIES; i++) {
        mapped = reserve(&info, want, why, why_len);
        if (mapped)
            break;
        lsan_mem_set(&a, 0, sizeof(a));
        a.buffer = (uint64_t)(uptr)arena.buf;
        a.capacity = arena.capacity;
        a.timeout_ns = timeout;
        a.hold_ns = hold;
        r = (int)ioctl_(fd, LEAKSAN_STW_IOC_STOP, &a);
        if (r != -E2BIG)
            break;
        want = a.count + a.count / 4 + 16; /* the threads run again: they may grow */
    }
    if (mapped || r) {
        if (mapped)
            r = mapped;
        else if (r == -E2BIG)
            lsan_fmt_snprintf(why, why_len, "the process kept growing: %u threads after %d tries",
                              a.count, TRIES);
        else
            explain(r, &a, timeout, why, why_len);
        sys_close(fd);
        return r;
    }
    /* stopped: raw system calls only until the resume */
    struct lsan_stw_world w = build_world(&info, a.count);
    char guard_why[256];
    int g = lsan_stw_helper_guarded_call(cb, &w, arg, guard_why, sizeof(guard_why));
    long res = ioctl_(fd, LEAKSAN_STW_IOC_RESUME, 0);
    sys_close(fd); /* closing resumes too, whatever happened above */
    if (g) {
        lsan_fmt_snprintf(why, why_len, "%s", guard_why);
        return g;
    }
    if (res < 0) {
        lsan_fmt_snprintf(why, why_len,
                          "the threads resumed before the scan finished (it took longer than %llu ms, "
                          "or the stop ended: %s); the result cannot be trusted",
                          (unsigned long long)(a.hold_ns / MS), lsan_errno_text((int)res));
        return -ETIME;
    }
    lsan_fmt_snprintf(why, why_len, "%zu thread(s) stopped in %llu us", w.n_threads - 1,
                      (unsigned long long)(a.stop_ns / 1000));
    return 0;
}

const struct lsan_stw_ops lsan_stw_kernel = {
    .name = "kernel",
    .probe = kernel_probe,
    .run = kernel_run,
};
