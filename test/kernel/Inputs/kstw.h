/* Helpers of the module tests: open /dev/leaksan-stw, stop and resume the
 * calling process's other threads, and fail loudly. Plain programs: no
 * leaksan, no libc calls while the world is stopped other than the ones a
 * test makes on purpose. */
#ifndef KSTW_TEST_H
#define KSTW_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../../../kernel/uapi/leaksan_stw.h"

#define KSTW_MS 1000000ull

#define KSTW_CHECK(cond)                                                                  \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            fprintf(stderr, "FAILED %s:%d: %s (errno %d %s)\n", __FILE__, __LINE__, #cond, \
                    errno, strerror(errno));                                              \
            exit(2);                                                                      \
        }                                                                                 \
    } while (0)

struct kstw {
    int fd;
    struct leaksan_stw_info info;
    unsigned char *buf;
    uint32_t capacity;
};

static inline int kstw_open(struct kstw *k, uint32_t capacity)
{
    k->fd = open(LEAKSAN_STW_DEVICE, O_RDWR | O_CLOEXEC);
    KSTW_CHECK(k->fd >= 0);
    KSTW_CHECK(ioctl(k->fd, LEAKSAN_STW_IOC_INFO, &k->info) == 0);
    KSTW_CHECK(k->info.abi_version == LEAKSAN_STW_ABI_VERSION);
    KSTW_CHECK(k->info.record_size % 64 == 0 &&
               k->info.record_size >= LEAKSAN_STW_XSAVE_OFFSET + k->info.xsave_size);
    k->capacity = capacity;
    k->buf = mmap(0, (size_t)capacity * k->info.record_size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    KSTW_CHECK(k->buf != MAP_FAILED);
    return k->fd;
}

/* The stop call: 0 or -errno; a->count etc. filled. */
static inline int kstw_stop_args(struct kstw *k, struct leaksan_stw_stop *a, uint64_t timeout_ns,
                                 uint64_t hold_ns)
{
    memset(a, 0, sizeof(*a));
    a->buffer = (uint64_t)(uintptr_t)k->buf;
    a->capacity = k->capacity;
    a->timeout_ns = timeout_ns;
    a->hold_ns = hold_ns;
    return ioctl(k->fd, LEAKSAN_STW_IOC_STOP, a) ? -errno : 0;
}

/* Stops, or exits the test: the number of records. */
static inline uint32_t kstw_stop(struct kstw *k)
{
    struct leaksan_stw_stop a;
    int r = kstw_stop_args(k, &a, 5000 * KSTW_MS, 60000 * KSTW_MS);
    if (r)
        fprintf(stderr, "stop failed: %s (failed_tid %d, count %u)\n", strerror(-r), a.failed_tid,
                a.count);
    KSTW_CHECK(r == 0);
    return a.count;
}

static inline void kstw_resume(struct kstw *k)
{
    KSTW_CHECK(ioctl(k->fd, LEAKSAN_STW_IOC_RESUME) == 0);
}

static inline struct leaksan_stw_record *kstw_record(struct kstw *k, uint32_t i)
{
    return (struct leaksan_stw_record *)(k->buf + (size_t)i * k->info.record_size);
}

static inline uint64_t kstw_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static inline void kstw_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

#endif
