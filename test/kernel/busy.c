// One stop per thread group: a second stop while one is on fails with
// EBUSY, a second resume with EINVAL, and two threads racing to stop each
// other only ever see success or EBUSY, and never hang.
// REQUIRES: leaksan-kmod, mode-preload
// RUN: %clang %s -o %t && %run env LD_PRELOAD= %t | FileCheck %s
// CHECK: nested stop: Device or resource busy
// CHECK: second resume: Invalid argument
// CHECK: race: 600 calls, only success or EBUSY: yes
// CHECK: done
#include <pthread.h>

#include "Inputs/kstw.h"

static struct kstw k[2];
static int others;

static void *racer(void *arg)
{
    struct kstw *mine = &k[(intptr_t)arg];
    struct leaksan_stw_stop a;
    for (int i = 0; i < 300; i++) {
        int r = kstw_stop_args(mine, &a, 5000 * KSTW_MS, 60000 * KSTW_MS);
        if (r == 0)
            kstw_resume(mine);
        else if (r != -EBUSY)
            __atomic_add_fetch(&others, 1, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

int main(void)
{
    struct leaksan_stw_stop a;
    pthread_t t[2];
    kstw_open(&k[0], 16);
    kstw_open(&k[1], 16);
    kstw_stop(&k[0]);
    printf("nested stop: %s\n", strerror(-kstw_stop_args(&k[1], &a, 5000 * KSTW_MS, 60000 * KSTW_MS)));
    kstw_resume(&k[0]);
    printf("second resume: %s\n", strerror(ioctl(k[0].fd, LEAKSAN_STW_IOC_RESUME) ? errno : 0));
    for (intptr_t i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, racer, (void *)i);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("race: 600 calls, only success or EBUSY: %s\n", others ? "no" : "yes");
    printf("done\n");
    return 0;
}
