/* SPDX-License-Identifier: ISC */
/*
 * test_i2c.c: the I2C class's pure parts: the grant parser
 * (tender/i2c/grant.c), the one rulebook (validate.c) with tables of good
 * and bad transfers, and the sim bus's description parser and register
 * maps (sim.c).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "../../tender/i2c/i2c.h"

#define RD PV_I2C_M_RD

static char err[200];

/* --- grant ---------------------------------------------------------------- */

Test(i2c_grant, good_grants)
{
    struct i2c_grant g;
    cr_assert_eq(i2c_grant_parse("--i2c:temp=sim:0x48", &g, err, sizeof err), 0,
                 "%s", err);
    cr_assert_str_eq(g.name, "temp");
    cr_assert_str_eq(g.bus, "sim");
    cr_assert_eq(g.naddrs, 1);
    cr_assert_eq(g.addrs[0], 0x48);
    cr_assert(!g.ro);
    cr_assert_eq(i2c_grant_parse("--i2c:e=/dev/i2c-1:0x50,81,0X77:ro", &g, err,
                                 sizeof err),
                 0, "%s", err);
    cr_assert_str_eq(g.bus, "/dev/i2c-1");
    cr_assert_eq(g.naddrs, 3);
    cr_assert_eq(g.addrs[1], 81);
    cr_assert_eq(g.addrs[2], 0x77);
    cr_assert(g.ro);
    cr_assert_eq(
        i2c_grant_parse("--i2c:x=SMBus stub driver:8", &g, err, sizeof err), 0,
        "%s", err);
    cr_assert_str_eq(g.bus, "SMBus stub driver");
}

Test(i2c_grant, bad_grants_say_why)
{
    static const struct {
        const char *arg, *msg;
    } bad[] = {
        {"--i2c:=sim:0x48", "expected --i2c:NAME=BUS:ADDR[,ADDR...][:ro], "
                            "NAME 1..67 letters and digits"},
        {"--i2c:a-b=sim:0x48", "expected --i2c:NAME=BUS:ADDR[,ADDR...][:ro], "
                               "NAME 1..67 letters and digits"},
        {"--i2c:a=sim", "expected BUS:ADDR[,ADDR...][:ro] after '='"},
        {"--i2c:a=:0x48", "expected BUS:ADDR[,ADDR...][:ro] after '='"},
        {"--i2c:a=sim:", "bad address '' (0x08..0x77)"},
        {"--i2c:a=sim:0x07", "bad address '0x07' (0x08..0x77)"},
        {"--i2c:a=sim:0x78", "bad address '0x78' (0x08..0x77)"},
        {"--i2c:a=sim:0x", "bad address '0x' (0x08..0x77)"},
        {"--i2c:a=sim:072", "bad address '072' (0x08..0x77)"},
        {"--i2c:a=sim:0x48,", "bad address '' (0x08..0x77)"},
        {"--i2c:a=sim:0x48,0x48", "address 0x48 given twice"},
        {"--i2c:a=sim:0x48:rw", "unknown option 'rw' (only ro)"},
        {"--i2c:a=sim:0x48:ro,x", "unknown option 'ro,x' (only ro)"},
        {"--i2c:a=sim:8,9,10,11,12,13,14,15,16,17,18,19,20",
         "more than 12 addresses"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct i2c_grant g;
        err[0] = '\0';
        cr_assert_eq(i2c_grant_parse(bad[i].arg, &g, err, sizeof err), -EINVAL,
                     "%s accepted", bad[i].arg);
        cr_assert_str_eq(err, bad[i].msg, "%s", bad[i].arg);
    }
}

/* --- validate --------------------------------------------------------------
 */

static const struct i2c_grant rw = {
    .name = "rw", .bus = "sim", .addrs = {0x48, 0x50}, .naddrs = 2};
static const struct i2c_grant ro = {
    .name = "ro", .bus = "sim", .addrs = {0x50}, .naddrs = 1, .ro = true};

struct xfer {
    const struct i2c_grant *g;
    uint32_t n;
    struct pv_i2c_msg m[PV_I2C_MAX_MSGS + 1];
    const char *why; /* NULL: accepted */
};

#define W(a, l)                                                                \
    {                                                                          \
        .addr = (a), .len = (l)                                                \
    }
#define R(a, l)                                                                \
    {                                                                          \
        .addr = (a), .flags = RD, .len = (l)                                   \
    }

static const struct xfer table[] = {
    {&rw, 1, {W(0x48, 1)}, NULL},
    {&rw, 2, {W(0x48, 1), R(0x48, 2)}, NULL},
    {&rw, 2, {W(0x48, 1), R(0x50, 256)}, NULL},
    {&rw,
     8,
     {R(0x48, 1), R(0x48, 1), R(0x48, 1), R(0x48, 1), R(0x48, 1), R(0x48, 1),
      R(0x48, 1), R(0x50, 1)},
     NULL},
    {&ro, 2, {W(0x50, 1), R(0x50, 4)}, NULL},
    {&ro, 1, {R(0x50, 4)}, NULL},
    {&rw, 0, {W(0x48, 1)}, "message count out of range"},
    {&rw,
     9,
     {R(0x48, 1), R(0x48, 1), R(0x48, 1), R(0x48, 1), R(0x48, 1), R(0x48, 1),
      R(0x48, 1), R(0x48, 1), R(0x48, 1)},
     "message count out of range"},
    {&rw, 1, {W(0x48, 0)}, "message length out of range"},
    {&rw, 1, {R(0x48, 257)}, "message length out of range"},
    {&rw,
     1,
     {{.addr = 0x48, .flags = 0x2, .len = 1}},
     "unknown message flag bits"},
    {&rw,
     1,
     {{.addr = 0x48, .flags = 0x8000 | RD, .len = 1}},
     "unknown message flag bits"},
    {&rw, 1, {{.addr = 0x48, .len = 1, .pad0 = 1}}, "non-zero padding"},
    {&rw, 1, {W(0x49, 1)}, "address not granted"},
    {&rw, 1, {W(0x148, 1)}, "address not granted"},
    {&rw, 2, {W(0x48, 1), R(0x51, 1)}, "address not granted"},
    {&ro, 1, {W(0x48, 1)}, "address not granted"},
    {&ro, 1, {W(0x50, 2)}, "write on a read-only grant"},
    {&ro, 1, {W(0x50, 1)}, "write on a read-only grant"},
    {&ro, 2, {W(0x50, 2), R(0x50, 1)}, "write on a read-only grant"},
    {&ro, 2, {R(0x50, 1), W(0x50, 1)}, "write on a read-only grant"},
    {&ro, 2, {W(0x50, 1), W(0x50, 1)}, "write on a read-only grant"},
};

Test(i2c_validate, table_of_good_and_bad_transfers)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const char *why = NULL;
        int rc = i2c_validate(table[i].g, table[i].m, table[i].n, &why);
        if (table[i].why == NULL) {
            cr_assert_eq(rc, PV_R_OK, "row %zu refused: %s", i, why);
        } else {
            cr_assert_eq(rc, PV_R_EINVAL, "row %zu accepted", i);
            cr_assert_str_eq(why, table[i].why, "row %zu", i);
        }
    }
}

/* --- sim --------------------------------------------------------------------
 */

static struct i2c_sim sim;

static int parse(const char *text)
{
    err[0] = '\0';
    return i2c_sim_parse(text, strlen(text), &sim, err, sizeof err);
}

Test(i2c_sim, parses_devices_and_steps)
{
    cr_assert_eq(parse("# two devices\n"
                       "eeprom 0x50 16   # small\n"
                       "\n"
                       "sensor 72\n"
                       "at 0 0x48 0x00 0x19 0x00\n"
                       "at 1000\t0x48 0 0x1a 128\r\n"),
                 0, "%s", err);
    cr_assert_eq(sim.ndevs, 2);
    cr_assert_eq(sim.dev[0].addr, 0x50);
    cr_assert_eq(sim.dev[0].kind, I2C_SIM_EEPROM);
    cr_assert_eq(sim.dev[0].size, 16);
    cr_assert_eq(sim.dev[1].addr, 0x48);
    cr_assert_eq(sim.dev[1].kind, I2C_SIM_SENSOR);
    cr_assert_eq(sim.nsteps, 2);
    cr_assert_eq(sim.step[1].at_ns, 1000000000ULL);
    cr_assert_eq(sim.step[1].n, 2);
    cr_assert_eq(sim.step[1].bytes[1], 128);
}

Test(i2c_sim, bad_files_say_where_and_why)
{
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"rom 0x50 8\n", "line 1: unknown keyword 'rom' (eeprom, sensor, at)"},
        {"eeprom 0x50\n", "line 1: expected: eeprom ADDR SIZE"},
        {"sensor 0x48 3\n", "line 1: expected: sensor ADDR"},
        {"eeprom 0x50 0\n", "line 1: bad EEPROM size '0' (1..256 bytes)"},
        {"eeprom 0x50 257\n", "line 1: bad EEPROM size '257' (1..256 bytes)"},
        {"sensor 0x80\n", "line 1: bad address '0x80' (0x08..0x77)"},
        {"sensor 0x48\nsensor 72\n", "line 2: address 0x48 has two devices"},
        {"sensor 0x48\nat 0 0x48 0 1\nsensor 0x49\n",
         "line 3: devices come before the first 'at' line"},
        {"eeprom 0x50 8\nat 0 0x50 0 1\n", "line 2: no sensor at 0x50"},
        {"sensor 0x48\nat 0 0x48 0\n",
         "line 2: expected: at MS ADDR REG BYTE..."},
        {"sensor 0x48\nat x 0x48 0 1\n", "line 2: bad time 'x' (milliseconds)"},
        {"sensor 0x48\nat 0 0x48 0x100 1\n",
         "line 2: bad register '0x100' (0..255)"},
        {"sensor 0x48\nat 0 0x48 0 256\n", "line 2: bad byte '256' (0..255)"},
        {"sensor 0x48\nat 5 0x48 0 1\nat 4 0x48 0 1\n",
         "line 3: time 4 ms goes back"},
        {"sensor 0x48\nat 0 0x48 0 1 2 3 4 5 6 7 8 9\n",
         "line 2: more than 8 bytes in one step"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(parse(bad[i].text), -EINVAL, "row %zu accepted", i);
        cr_assert_str_eq(err, bad[i].msg, "row %zu", i);
    }
    char nul[] = "sensor 0x48\0\n";
    cr_assert_eq(i2c_sim_parse(nul, sizeof nul - 1, &sim, err, sizeof err),
                 -EINVAL);
    cr_assert_str_eq(err, "line 1: NUL character");
}

static int xfer2(struct i2c_bus *b, uint8_t addr, uint8_t reg, uint8_t *out,
                 uint16_t n, uint64_t t)
{
    struct i2c_xfer x[2] = {{.addr = addr, .len = 1, .buf = &reg},
                            {.addr = addr, .rd = true, .len = n, .buf = out}};
    return b->ops->transfer(b, x, 2, t);
}

Test(i2c_sim, registers_pointer_and_script)
{
    cr_assert_eq(parse("eeprom 0x50 4\nsensor 0x48\n"
                       "at 10 0x48 0 0x19 0x00\nat 20 0x48 0 0x1a\n"),
                 0, "%s", err);
    struct i2c_bus b;
    i2c_sim_bind(&b, &sim);
    i2c_sim_start(&sim, 1000);
    uint8_t out[4];
    /* The EEPROM starts erased; a write stores from the pointer on and
       wraps at its size. */
    uint8_t w[4] = {3, 0xaa, 0xbb, 0xcc};
    struct i2c_xfer x = {.addr = 0x50, .len = 4, .buf = w};
    cr_assert_eq(b.ops->transfer(&b, &x, 1, 1000), PV_R_OK);
    cr_assert_eq(xfer2(&b, 0x50, 0, out, 4, 1000), PV_R_OK);
    cr_assert_arr_eq(out, ((uint8_t[]){0xbb, 0xcc, 0xff, 0xaa}), 4);
    /* The sensor follows its script: nothing before 10 ms. */
    cr_assert_eq(xfer2(&b, 0x48, 0, out, 2, 1000 + 9999999), PV_R_OK);
    cr_assert_arr_eq(out, ((uint8_t[]){0, 0}), 2);
    cr_assert_eq(xfer2(&b, 0x48, 0, out, 2, 1000 + 10000000), PV_R_OK);
    cr_assert_arr_eq(out, ((uint8_t[]){0x19, 0}), 2);
    cr_assert_eq(xfer2(&b, 0x48, 0, out, 2, 1000 + 30000000), PV_R_OK);
    cr_assert_arr_eq(out, ((uint8_t[]){0x1a, 0}), 2);
    /* No device: no acknowledge. */
    cr_assert_eq(xfer2(&b, 0x49, 0, out, 1, 1000), PV_R_EUNSPEC);
}
