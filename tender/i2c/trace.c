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

struct tnd_trace_file i2c_trace =
    TND_TRACE_FILE_INIT("--i2c-trace", "i2c trace",
                        "# pinvisor I2C trace: seconds after guest "
                        "start, device, messages, result\n");

void i2c_trace_transfer(const char *name, const struct i2c_xfer *m, unsigned n,
                        int ret, uint64_t now_ns)
{
    if (i2c_trace.fd < 0)
        return;
    /* 8 messages of 256 bytes at 3 characters each, and the rest. */
    static char line[PV_I2C_MAX_MSGS * (PV_I2C_MAX_LEN * 3 + 16) + 128];
    size_t u = tnd_trace_file_stamp(&i2c_trace, line, sizeof line, now_ns);
    u += (size_t)snprintf(line + u, sizeof line - u, " %s", name);
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
    tnd_trace_file_write(&i2c_trace, line, u);
}
