/* SPDX-License-Identifier: ISC */
/*
 * i2c_api: every I2C call, on whichever bus the operator grants:
 *
 *   pinvisor --i2c:bus=BUS:0x48 --i2c:ro=BUS:0x50:ro i2c_api.hvt
 *
 * on the sim bus (tests/integration/i2c.test.sh gives a sensor at 0x48
 * and an EEPROM at 0x50) and on the kernel's i2c-stub (chips at 0x48
 * and 0x50). acquire reports the grants; the register helpers and a raw
 * transfer write and read back registers of 0x48; the read-only grant
 * reads 0x50; every request outside the rules is EINVAL. Only transfer
 * shapes an SMBus-only adapter carries are used. It prints what the test
 * cross-checks with i2cget: the values it read and wrote.
 */
#include "pvlibc.h"
#include "solo5.h"

#include "../check.h"

#define EINVAL_IS(call) CHECK_MSG((call) == SOLO5_R_EINVAL, "%s\n", #call)

/* One message, the others' fields zero. */
static struct solo5_i2c_msg msg(uint16_t addr, uint16_t flags, uint16_t len,
                                uint8_t *buf)
{
    struct solo5_i2c_msg m = {
        .addr = addr, .flags = flags, .len = len, .pad = 0, .buf = buf};
    return m;
}

static void refusals(solo5_handle_t bus, solo5_handle_t ro)
{
    static uint8_t big[SOLO5_I2C_MAX_LEN + 1];
    uint8_t b[4] = {0x40, 0x99, 0, 0};
    struct solo5_i2c_msg m[SOLO5_I2C_MAX_MSGS + 1];
    for (int i = 0; i <= SOLO5_I2C_MAX_MSGS; i++)
        m[i] = msg(0x48, SOLO5_I2C_M_RD, 1, b);
    EINVAL_IS(solo5_i2c_transfer(bus, m, 0));
    EINVAL_IS(solo5_i2c_transfer(bus, m, SOLO5_I2C_MAX_MSGS + 1));
    m[0] = msg(0x48, 0, 0, b);
    EINVAL_IS(solo5_i2c_transfer(bus, m, 1)); /* length 0 */
    m[0] = msg(0x48, 0, SOLO5_I2C_MAX_LEN + 1, big);
    EINVAL_IS(solo5_i2c_transfer(bus, m, 1)); /* length 257 */
    m[0] = msg(0x48, 0x2, 2, b);
    EINVAL_IS(solo5_i2c_transfer(bus, m, 1)); /* unknown flag */
    m[0] = msg(0x48, 0, 2, b);
    m[0].pad = 1;
    EINVAL_IS(solo5_i2c_transfer(bus, m, 1)); /* padding */
    m[0] = msg(0x148, 0, 2, b);
    EINVAL_IS(solo5_i2c_transfer(bus, m, 1));  /* not 7-bit */
    EINVAL_IS(solo5_i2c_transfer(1234, m, 1)); /* no such handle */
    m[0] = msg(0x48, 0, 2, NULL);
    EINVAL_IS(solo5_i2c_transfer(bus, m, 1)); /* write from no buffer */
    m[0] = msg(0x48, SOLO5_I2C_M_RD, 1, NULL);
    EINVAL_IS(solo5_i2c_transfer(bus, m, 1)); /* read into no buffer */
    /* Addresses not granted: 0x49 on no device, 0x50 only to ro. */
    EINVAL_IS(solo5_i2c_write_byte_data(bus, 0x49, 0x40, 0x99));
    EINVAL_IS(solo5_i2c_write_byte_data(bus, 0x50, 0x40, 0x99));
    EINVAL_IS(solo5_i2c_write_byte_data(ro, 0x48, 0x40, 0x99));
    /* A granted address in a later message does not cover the first. */
    m[0] = msg(0x48, 0, 1, b);
    m[1] = msg(0x50, SOLO5_I2C_M_RD, 1, b + 2);
    EINVAL_IS(solo5_i2c_transfer(bus, m, 2));
    /* Read-only: no data write, a lone register number, or one before a
       read of another address. */
    EINVAL_IS(solo5_i2c_write_byte_data(ro, 0x50, 0x40, 0x99));
    EINVAL_IS(solo5_i2c_write_word_data(ro, 0x50, 0x40, 0x9999));
    m[0] = msg(0x50, 0, 1, b);
    EINVAL_IS(solo5_i2c_transfer(ro, m, 1));
    m[0] = msg(0x50, 0, 2, b);
    m[1] = msg(0x50, SOLO5_I2C_M_RD, 1, b + 2);
    EINVAL_IS(solo5_i2c_transfer(ro, m, 2));
    printf("refusals: EINVAL\n");
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    solo5_handle_t bus = 0, ro = 0, x;
    struct solo5_i2c_info bi, ri, xi;
    CHECK(solo5_i2c_acquire("bus", &bus, &bi) == SOLO5_R_OK);
    CHECK(solo5_i2c_acquire("ro", &ro, &ri) == SOLO5_R_OK);
    CHECK(solo5_i2c_acquire("nosuch", &x, &xi) == SOLO5_R_EINVAL);
    CHECK(bi.naddrs == 1 && bi.addrs[0] == 0x48 && bi.flags == 0);
    CHECK(ri.naddrs == 1 && ri.addrs[0] == 0x50 &&
          ri.flags == SOLO5_I2C_READ_ONLY);
    printf("acquire: bus 0x%02x flags %u, ro 0x%02x flags %u\n", bi.addrs[0],
           bi.flags, ri.addrs[0], ri.flags);

    uint8_t v = 0;
    uint16_t w = 0;
    CHECK(solo5_i2c_write_byte_data(bus, 0x48, 0x10, 0xa5) == SOLO5_R_OK);
    CHECK(solo5_i2c_read_byte_data(bus, 0x48, 0x10, &v) == SOLO5_R_OK);
    CHECK(v == 0xa5);
    CHECK(solo5_i2c_write_word_data(bus, 0x48, 0x20, 0x1234) == SOLO5_R_OK);
    CHECK(solo5_i2c_read_word_data(bus, 0x48, 0x20, &w) == SOLO5_R_OK);
    CHECK(w == 0x1234);
    const uint8_t blk[4] = {1, 2, 3, 4};
    uint8_t got[4] = {0};
    CHECK(solo5_i2c_write_block_data(bus, 0x48, 0x30, blk, 4) == SOLO5_R_OK);
    CHECK(solo5_i2c_read_block_data(bus, 0x48, 0x30, got, 4) == SOLO5_R_OK);
    CHECK(memcmp(blk, got, 4) == 0);
    /* The same register read as a raw combined transfer. */
    uint8_t reg = 0x10, raw = 0;
    struct solo5_i2c_msg m[2] = {msg(0x48, 0, 1, &reg),
                                 msg(0x48, SOLO5_I2C_M_RD, 1, &raw)};
    CHECK(solo5_i2c_transfer(bus, m, 2) == SOLO5_R_OK);
    CHECK(raw == 0xa5);
    printf("bus: 0x10=0x%02x word 0x20=0x%04x block 0x30=%u,%u,%u,%u\n", v, w,
           got[0], got[1], got[2], got[3]);

    uint8_t r0 = 0, r5 = 0;
    CHECK(solo5_i2c_read_byte_data(ro, 0x50, 0x00, &r0) == SOLO5_R_OK);
    uint16_t t = 0;
    CHECK(solo5_i2c_read_word_data(bus, 0x48, 0x00, &t) == SOLO5_R_OK);
    printf("ro: 0x00=0x%02x; bus: word 0x00=0x%04x\n", r0, t);

    refusals(bus, ro);
    /* The refused writes changed nothing. */
    CHECK(solo5_i2c_read_byte_data(ro, 0x50, 0x40, &r5) == SOLO5_R_OK);
    CHECK(solo5_i2c_read_byte_data(bus, 0x48, 0x40, &v) == SOLO5_R_OK);
    printf("after refusals: ro 0x40=0x%02x bus 0x40=0x%02x\n", r5, v);
    if (failures)
        return 1;
    printf("SUCCESS\n");
    return 0;
}
