/* The pthread interceptors (pthread.c). */
#ifndef LSAN_INTERCEPTORS_PTHREAD_H
#define LSAN_INTERCEPTORS_PTHREAD_H

/* Looks up libc's pthread functions behind the interceptors (once). */
void lsan_pthread_resolve(void);

#endif
