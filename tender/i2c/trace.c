/* SPDX-License-Identifier: ISC */
/*
 * trace.c: the I2C transfer log (--i2c-trace=FILE), one line a transfer
 * for a person to read:
 *
 *   0.001234567 temp w 0x48 [00] r 0x48 [19 00] OK
 *
 * seconds after guest start, the device, each message (w or r, address,
 * bytes; a refused transfer shows none, nor does a failed read) and
 * the result (OK, EINVAL, EUNSPEC); written by ../trace_file.c.
 */
#include <stdbool.h>
#include <stdio.h>

#include "../abi.h"
#include "../trace_file.h"
#include "i2c.h"

static struct tnd_trace_file tf = {
    .opt = "--i2c-trace", .what = "i2c trace", .max = UINT64_MAX, .fd = -1};
static uint64_t t0;

int i2c_trace_open(const char *path, uint64_t max, char *err, size_t errlen)
{
    tf.max = max;
    return tnd_trace_file_open(&tf, path,
                               "# pinvisor I2C trace: seconds after guest "
                               "start, device, messages, result\n",
                               err, errlen);
}

int i2c_trace_fd(void)
{
    return tf.fd;
}

void i2c_trace_start(uint64_t t0_ns)
{
    t0 = t0_ns;
}

void i2c_trace_transfer(const char *name, const struct i2c_xfer *m, unsigned n,
                        int ret, uint64_t now_ns)
{
    if (tf.fd < 0)
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
    tnd_trace_file_write(&tf, line, u);
}
