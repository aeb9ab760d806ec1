/*
 * osrandom.h - random bytes from the kernel, for keys that must not be guessed (the model's
 * hash key). No state, nothing to free.
 */
#ifndef WB_OSRANDOM_H
#define WB_OSRANDOM_H

#include <stddef.h>

/* Fills buf with n random bytes from getrandom(2); 0, or WB_ERR_IO. */
int wb_os_random(void *buf, size_t n);

#endif
