/* SPDX-License-Identifier: ISC */
/*
 * sim.c: the simulated I2C bus (--i2c:NAME=sim:...) and the parser of its
 * description file (--i2c-sim=FILE, docs/i2c.md). Each device is a
 * register map behind an 8-bit address pointer: a write message sets the
 * pointer with its first byte and stores the rest from there, a read
 * returns registers from the pointer; the pointer advances and wraps at
 * the map's size. A sensor's registers also follow the file's timed
 * steps, applied before each transfer that comes after their time. An
 * address with no device does not acknowledge. The parser is pure.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../errmsg.h"
#include "../abi.h"
#include "../args.h"
#include "i2c.h"

#define MAX_TOKENS (5 + I2C_SIM_STEP_BYTES)

#define FAIL(...) return tnd_errmsg_line(err, errlen, lineno, __VA_ARGS__)

/* "0xNN" or decimal, 0..255. */
static int parse_byte(const char *s, uint8_t *out)
{
    uint64_t v;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        if (s[2] == '\0' || strlen(s) > 4)
            return -EINVAL;
        v = 0;
        for (const char *c = s + 2; *c; c++) {
            int d = (*c >= '0' && *c <= '9')   ? *c - '0'
                    : (*c >= 'a' && *c <= 'f') ? *c - 'a' + 10
                    : (*c >= 'A' && *c <= 'F') ? *c - 'A' + 10
                                               : -1;
            if (d < 0)
                return -EINVAL;
            v = v * 16 + (unsigned)d;
        }
    } else if (tnd_args_parse_u64(s, 255, &v) != 0) {
        return -EINVAL;
    }
    *out = (uint8_t)v;
    return 0;
}

static int find(const struct i2c_sim *s, uint8_t addr)
{
    for (unsigned i = 0; i < s->ndevs; i++)
        if (s->dev[i].addr == addr)
            return (int)i;
    return -1;
}

static int parse_line(char **t, unsigned nt, struct i2c_sim *s, unsigned lineno,
                      char *err, size_t errlen)
{
    uint8_t addr;
    if (strcmp(t[0], "eeprom") == 0 || strcmp(t[0], "sensor") == 0) {
        bool ee = t[0][0] == 'e';
        uint64_t size = 256;
        if (nt != (ee ? 3u : 2u))
            FAIL(ee ? "expected: eeprom ADDR SIZE" : "expected: sensor ADDR");
        if (i2c_parse_addr(t[1], strlen(t[1]), &addr) != 0)
            FAIL("bad address '%s' (0x08..0x77)", t[1]);
        if (ee && (tnd_args_parse_u64(t[2], 256, &size) != 0 || size == 0))
            FAIL("bad EEPROM size '%s' (1..256 bytes)", t[2]);
        if (find(s, addr) >= 0)
            FAIL("address 0x%02x has two devices", addr);
        if (s->nsteps)
            FAIL("devices come before the first 'at' line");
        if (s->ndevs == I2C_SIM_MAX_DEVS)
            FAIL("more than %d devices", I2C_SIM_MAX_DEVS);
        unsigned d = s->ndevs++;
        s->dev[d].addr = addr;
        s->dev[d].kind = ee ? I2C_SIM_EEPROM : I2C_SIM_SENSOR;
        s->dev[d].size = (uint16_t)size;
        memset(s->dev[d].regs, ee ? 0xff : 0, sizeof s->dev[d].regs);
        return 0;
    }
    if (strcmp(t[0], "at") != 0)
        FAIL("unknown keyword '%s' (eeprom, sensor, at)", t[0]);
    uint64_t ms;
    uint8_t reg;
    if (nt < 5)
        FAIL("expected: at MS ADDR REG BYTE...");
    if (nt > 4 + I2C_SIM_STEP_BYTES)
        FAIL("more than %d bytes in one step", I2C_SIM_STEP_BYTES);
    if (tnd_args_parse_u64(t[1], 1000000000ULL, &ms) != 0)
        FAIL("bad time '%s' (milliseconds)", t[1]);
    if (i2c_parse_addr(t[2], strlen(t[2]), &addr) != 0)
        FAIL("bad address '%s' (0x08..0x77)", t[2]);
    int d = find(s, addr);
    if (d < 0 || s->dev[d].kind != I2C_SIM_SENSOR)
        FAIL("no sensor at 0x%02x", addr);
    if (parse_byte(t[3], &reg) != 0)
        FAIL("bad register '%s' (0..255)", t[3]);
    if (s->nsteps && ms * 1000000ULL < s->step[s->nsteps - 1].at_ns)
        FAIL("time %llu ms goes back", (unsigned long long)ms);
    if (s->nsteps == I2C_SIM_MAX_STEPS)
        FAIL("more than %d steps", I2C_SIM_MAX_STEPS);
    struct i2c_sim_step *st = &s->step[s->nsteps];
    st->at_ns = ms * 1000000ULL;
    st->addr = addr;
    st->reg = reg;
    st->n = (uint8_t)(nt - 4);
    for (unsigned i = 4; i < nt; i++)
        if (parse_byte(t[i], &st->bytes[i - 4]) != 0)
            FAIL("bad byte '%s' (0..255)", t[i]);
    s->nsteps++;
    return 0;
}

int i2c_sim_parse(const char *text, size_t len, struct i2c_sim *s, char *err,
                  size_t errlen)
{
    memset(s, 0, sizeof *s);
    unsigned lineno = 0;
    size_t pos = 0;
    while (pos < len) {
        char line[256];
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        lineno++;
        if (n >= sizeof line)
            FAIL("longer than %zu characters", sizeof line - 1);
        memcpy(line, text + pos, n);
        line[n] = '\0';
        pos += n + 1;
        if (memchr(line, '\0', n))
            FAIL("NUL character");
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *t[MAX_TOKENS + 1];
        unsigned nt = 0;
        for (char *p = line;;) {
            while (*p == ' ' || *p == '\t' || *p == '\r')
                *p++ = '\0';
            if (*p == '\0')
                break;
            if (nt == MAX_TOKENS)
                FAIL("too many words");
            t[nt++] = p;
            while (*p && *p != ' ' && *p != '\t' && *p != '\r')
                p++;
        }
        if (nt == 0)
            continue;
        int rc = parse_line(t, nt, s, lineno, err, errlen);
        if (rc)
            return rc;
    }
    return 0;
}

void i2c_sim_start(struct i2c_sim *s, uint64_t t0_ns)
{
    s->t0 = t0_ns;
}

void i2c_sim_bind(struct i2c_bus *b, struct i2c_sim *s)
{
    b->ops = &i2c_sim_ops;
    b->priv = s;
    b->fd = -1;
}

/* Applies every step whose time has come. */
static void apply_steps(struct i2c_sim *s, uint64_t now_ns)
{
    uint64_t t = now_ns > s->t0 ? now_ns - s->t0 : 0;
    while (s->applied < s->nsteps && s->step[s->applied].at_ns <= t) {
        const struct i2c_sim_step *st = &s->step[s->applied++];
        int d = find(s, st->addr);
        for (unsigned i = 0; d >= 0 && i < st->n; i++)
            s->dev[d].regs[(st->reg + i) % s->dev[d].size] = st->bytes[i];
    }
}

static int sim_transfer(struct i2c_bus *b, struct i2c_xfer *m, unsigned n,
                        uint64_t now_ns)
{
    struct i2c_sim *s = (struct i2c_sim *)b->priv;
    apply_steps(s, now_ns);
    for (unsigned k = 0; k < n; k++) {
        int d = find(s, m[k].addr);
        if (d < 0)
            return PV_R_EUNSPEC; /* no acknowledge */
        unsigned size = s->dev[d].size;
        unsigned i = 0;
        if (!m[k].rd)
            s->dev[d].ptr = (uint8_t)(m[k].buf[i++] % size);
        for (; i < m[k].len; i++) {
            uint8_t p = s->dev[d].ptr;
            if (m[k].rd)
                m[k].buf[i] = s->dev[d].regs[p];
            else
                s->dev[d].regs[p] = m[k].buf[i];
            s->dev[d].ptr = (uint8_t)((p + 1u) % size);
        }
    }
    return PV_R_OK;
}

const struct i2c_bus_ops i2c_sim_ops = {.transfer = sim_transfer};
