/* SPDX-License-Identifier: ISC */
/*
 * grant.c: parses the operator's I2C grant,
 *
 *   --i2c:NAME=BUS:ADDR[,ADDR...][:ro]
 *
 * NAME as every device option (tnd_args_device_opt); BUS is kept as
 * given and resolved at set-up (dev.c); each ADDR a 7-bit address outside
 * the reserved ranges, 0x08..0x77, as "0xNN" or decimal.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../errmsg.h"
#include "../abi.h"
#include "../args.h"
#include "../hex.h"
#include "i2c.h"

#define FAIL(...) return tnd_errmsg(err, errlen, __VA_ARGS__)

int i2c_parse_addr(const char *s, size_t n, uint8_t *out)
{
    unsigned v = 0;
    bool hex = n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    size_t i = hex ? 2 : 0;
    if (n == 0 || n - i > 3 || (!hex && n > 1 && s[0] == '0'))
        return -EINVAL;
    for (; i < n; i++) {
        int d = hex                            ? tnd_hex_digit(s[i])
                : (s[i] >= '0' && s[i] <= '9') ? s[i] - '0'
                                               : -1;
        if (d < 0)
            return -EINVAL;
        v = v * (hex ? 16u : 10u) + (unsigned)d;
    }
    if (v < 0x08 || v > 0x77)
        return -EINVAL;
    *out = (uint8_t)v;
    return 0;
}

int i2c_grant_parse(const char *arg, struct i2c_grant *g, char *err,
                    size_t errlen)
{
    const char *spec;
    memset(g, 0, sizeof *g);
    if (tnd_args_device_opt(arg, "--i2c:", g->name, &spec) != 0)
        FAIL("expected --i2c:NAME=BUS:ADDR[,ADDR...][:ro], NAME 1..%d "
             "letters and digits",
             PV_MFT_NAME_MAX);
    const char *c1 = strchr(spec, ':');
    if (c1 == NULL || c1 == spec)
        FAIL("expected BUS:ADDR[,ADDR...][:ro] after '='");
    if ((size_t)(c1 - spec) >= sizeof g->bus)
        FAIL("bus name longer than %zu characters", sizeof g->bus - 1);
    memcpy(g->bus, spec, (size_t)(c1 - spec));
    const char *s = c1 + 1;
    const char *c2 = strchr(s, ':');
    const char *end = c2 ? c2 : s + strlen(s);
    if (c2 && strcmp(c2, ":ro") != 0)
        FAIL("unknown option '%s' (only ro)", c2 + 1);
    g->ro = c2 != NULL;
    const char *item;
    size_t len;
    while ((item = tnd_args_item(&s, end, ',', &len)) != NULL) {
        uint8_t a;
        if (i2c_parse_addr(item, len, &a) != 0)
            FAIL("bad address '%.*s' (0x08..0x77)", (int)len, item);
        int rc = tnd_args_add_once(g->addrs, &g->naddrs, PV_I2C_MAX_ADDRS, &a,
                                   sizeof a);
        if (rc == -E2BIG)
            FAIL("more than %d addresses", PV_I2C_MAX_ADDRS);
        if (rc)
            FAIL("address 0x%02x given twice", a);
    }
    return 0;
}
