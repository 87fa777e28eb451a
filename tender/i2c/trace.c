/* SPDX-License-Identifier: ISC */
/*
 * trace.c: the I2C transfer log (--i2c-trace=FILE), one line a transfer
 * for a person to read:
 *
 *   0.001234567 temp w 0x48 [00] r 0x48 [19 00] OK
 *
 * seconds after guest start, the device, each message (w or r, address,
 * bytes; a refused transfer shows none, nor does a failed read) and
 * the result (OK,
 * EINVAL, EUNSPEC). Each line is written at once with write(2), so the
 * sandbox needs nothing more than the fd's TND_FD_OUTPUT role.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../abi.h"
#include "../core.h"
#include "../log.h"
#include "../module.h"
#include "i2c.h"

static int fd = -1;
static uint64_t t0;
static bool failed;

int i2c_trace_open(const char *path, char *err, size_t errlen)
{
    /* Truncated only once it is known to be none of the inputs. */
    fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        snprintf(err, errlen, "cannot create %s: %s", path, strerror(e));
        return -e;
    }
    const char *input = tnd_module_input_of(fd);
    if (input) {
        snprintf(err, errlen, "--i2c-trace=%s: that file is %s, an input", path,
                 input);
        close(fd);
        fd = -1;
        return -EEXIST;
    }
    if (ftruncate(fd, 0) != 0 && errno != EINVAL) {
        int e = errno;
        snprintf(err, errlen, "cannot truncate %s: %s", path, strerror(e));
        return -e;
    }
    static const char head[] = "# pinvisor I2C trace: seconds after guest "
                               "start, device, messages, result\n";
    if (write(fd, head, sizeof head - 1) != (ssize_t)(sizeof head - 1)) {
        int e = errno;
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(e));
        return -e;
    }
    return 0;
}

int i2c_trace_fd(void)
{
    return fd;
}

void i2c_trace_start(uint64_t t0_ns)
{
    t0 = t0_ns;
}

void i2c_trace_transfer(const char *name, const struct i2c_xfer *m, unsigned n,
                        int ret, uint64_t now_ns)
{
    if (fd < 0 || failed)
        return;
    /* 8 messages of 256 bytes at 3 characters each, and the rest. */
    static char line[PV_I2C_MAX_MSGS * (PV_I2C_MAX_LEN * 3 + 16) + 128];
    uint64_t t = now_ns > t0 ? now_ns - t0 : 0;
    size_t u = (size_t)snprintf(line, sizeof line, "%llu.%09llu %s",
                                (unsigned long long)(t / 1000000000ULL),
                                (unsigned long long)(t % 1000000000ULL), name);
    for (unsigned k = 0; k < n && u < sizeof line; k++) {
        bool bytes = m[k].buf && (!m[k].rd || ret == PV_R_OK);
        u += (size_t)snprintf(line + u, sizeof line - u, " %c 0x%02x [",
                              m[k].rd ? 'r' : 'w', m[k].addr);
        for (unsigned i = 0; bytes && i < m[k].len && u < sizeof line; i++)
            u += (size_t)snprintf(line + u, sizeof line - u,
                                  i ? " %02x" : "%02x", m[k].buf[i]);
        if (u < sizeof line)
            u += (size_t)snprintf(line + u, sizeof line - u, "]");
    }
    if (u < sizeof line)
        u += (size_t)snprintf(line + u, sizeof line - u, " %s\n",
                              ret == PV_R_OK       ? "OK"
                              : ret == PV_R_EINVAL ? "EINVAL"
                                                   : "EUNSPEC");
    if (u > sizeof line)
        u = sizeof line;
    size_t done = 0;
    while (done < u) {
        ssize_t w = write(fd, line + done, u - done);
        if (w < 0 && errno == EINTR) {
            tnd_core_check_signal(); /* a stop ends a stalled write */
            continue;
        }
        if (w <= 0) {
            failed = true;
            tnd_warn("i2c trace: write failed; the trace is incomplete");
            return;
        }
        done += (size_t)w;
    }
}
