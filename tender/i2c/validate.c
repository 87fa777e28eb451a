/* SPDX-License-Identifier: ISC */
/*
 * validate.c: every I2C transfer from a guest is checked here, on a copy
 * already taken out of guest memory, before any byte reaches a bus. The
 * rules are the operator's grant (granted addresses only, on a read-only
 * grant no write but a one-byte register number right before a read of
 * the same address) and the ABI's bounds (docs/i2c.md). Pure: no state, no
 * system call.
 */
#include "i2c.h"

#define BAD(msg)                                                               \
    do {                                                                       \
        *why = (msg);                                                          \
        return PV_R_EINVAL;                                                    \
    } while (0)

int i2c_validate(const struct i2c_grant *g, const struct pv_i2c_msg *m,
                 uint32_t n, const char **why)
{
    if (n == 0 || n > PV_I2C_MAX_MSGS)
        BAD("message count out of range");
    for (uint32_t i = 0; i < n; i++) {
        if (m[i].flags & ~PV_I2C_M_VALID)
            BAD("unknown message flag bits");
        if (m[i].pad0)
            BAD("non-zero padding");
        if (m[i].len == 0 || m[i].len > PV_I2C_MAX_LEN)
            BAD("message length out of range");
        unsigned k = 0;
        while (k < g->naddrs && g->addrs[k] != m[i].addr)
            k++;
        if (k == g->naddrs)
            BAD("address not granted");
        /* Read-only: a write is only a register number before a read. */
        if (g->ro && !(m[i].flags & PV_I2C_M_RD) &&
            !(m[i].len == 1 && i + 1 < n && (m[i + 1].flags & PV_I2C_M_RD) &&
              m[i + 1].addr == m[i].addr))
            BAD("write on a read-only grant");
    }
    return PV_R_OK;
}
