/*
 * osrandom.c - getrandom(2) with its short reads and interruptions handled.
 */
#include "osrandom.h"

#include <errno.h>
#include <sys/random.h>

#include "wb_types.h"

int wb_os_random(void *buf, size_t n)
{
    unsigned char *p = buf;
    size_t done = 0;
    while (done < n) {
        ssize_t r = getrandom(p + done, n - done, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return WB_ERR_IO;
        done += (size_t)r;
    }
    return WB_OK;
}
