/* The process environment without libc's getenv: libc's __environ once libc
 * has set it, /proc/self/environ before. Never while the world is stopped. */
#ifndef LSAN_PLATFORM_ENV_H
#define LSAN_PLATFORM_ENV_H

/* The value of NAME in the process environment, or NULL. */
const char *lsan_env_get(const char *name);

#endif
