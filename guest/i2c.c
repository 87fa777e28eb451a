/* SPDX-License-Identifier: ISC */
/*
 * i2c.c: the I2C_BASIC device class, guest side. Acquire is a lookup in
 * the manifest copy (the tender filled in the granted addresses); a
 * transfer is one hypercall, or one request on the ring when the tender
 * offers it (i2c_ring.c); the register helpers are transfers of one or
 * two messages.
 */
#include "rt.h"

_Static_assert(SOLO5_I2C_M_RD == PV_I2C_M_RD &&
                   SOLO5_I2C_READ_ONLY == PV_I2C_GRANT_RO &&
                   SOLO5_I2C_MAX_ADDRS == PV_I2C_MAX_ADDRS &&
                   SOLO5_I2C_MAX_MSGS == PV_I2C_MAX_MSGS &&
                   SOLO5_I2C_MAX_LEN == PV_I2C_MAX_LEN,
               "solo5.h I2C constants must equal the ABI's");
_Static_assert(sizeof(struct solo5_i2c_msg) == sizeof(struct pv_i2c_msg) &&
                   offsetof(struct solo5_i2c_msg, buf) ==
                       offsetof(struct pv_i2c_msg, buf),
               "solo5_i2c_msg must have the ABI's layout");

solo5_result_t solo5_i2c_acquire(const char *name, solo5_handle_t *handle,
                                 struct solo5_i2c_info *info)
{
    const struct pv_mft_entry *e =
        rt_mft_get(name, PV_MFT_DEV_I2C_BASIC, handle);
    if (e == NULL)
        return SOLO5_R_EINVAL;
    info->naddrs = e->u.i2c_basic.naddrs;
    for (unsigned i = 0; i < PV_I2C_MAX_ADDRS; i++)
        info->addrs[i] = e->u.i2c_basic.addrs[i];
    info->flags = e->u.i2c_basic.flags;
    return SOLO5_R_OK;
}

/* Every check is the tender's (the guest's own would be bypassable). */
solo5_result_t solo5_i2c_transfer(solo5_handle_t handle,
                                  struct solo5_i2c_msg *msgs, size_t n)
{
    /* A missing buffer is refused the same on both paths, before either. */
    for (size_t i = 0; n <= PV_I2C_MAX_MSGS && i < n; i++)
        if (msgs[i].len > 0 && msgs[i].buf == NULL)
            return SOLO5_R_EINVAL;
    if (rt_i2c_ring_on())
        return rt_i2c_ring_transfer(handle, msgs, n);
    struct pv_hc_i2c_transfer a = {
        .handle = handle,
        .msgs = (const struct pv_i2c_msg *)(const void *)msgs,
        .nmsgs = n > PV_I2C_MAX_MSGS ? UINT32_MAX : (uint32_t)n};
    pv_hypercall(PV_HC_I2C_TRANSFER, &a);
    return (solo5_result_t)a.ret;
}

/* reg written, then `len` bytes read into buf after a repeated start. */
static solo5_result_t reg_read(solo5_handle_t h, uint8_t addr, uint8_t reg,
                               uint8_t *buf, size_t len)
{
    if (len == 0 || len > PV_I2C_MAX_LEN)
        return SOLO5_R_EINVAL;
    struct solo5_i2c_msg m[2] = {
        {.addr = addr, .flags = 0, .len = 1, .buf = &reg},
        {.addr = addr,
         .flags = SOLO5_I2C_M_RD,
         .len = (uint16_t)len,
         .buf = buf}};
    return solo5_i2c_transfer(h, m, 2);
}

/* reg and `len` bytes of data written in one message. */
static solo5_result_t reg_write(solo5_handle_t h, uint8_t addr, uint8_t reg,
                                const uint8_t *data, size_t len)
{
    uint8_t buf[PV_I2C_MAX_LEN];
    if (len == 0 || len > PV_I2C_MAX_LEN - 1)
        return SOLO5_R_EINVAL;
    buf[0] = reg;
    memcpy(buf + 1, data, len);
    struct solo5_i2c_msg m = {
        .addr = addr, .flags = 0, .len = (uint16_t)(len + 1), .buf = buf};
    return solo5_i2c_transfer(h, &m, 1);
}

solo5_result_t solo5_i2c_read_byte_data(solo5_handle_t h, uint8_t addr,
                                        uint8_t reg, uint8_t *value)
{
    return reg_read(h, addr, reg, value, 1);
}

solo5_result_t solo5_i2c_write_byte_data(solo5_handle_t h, uint8_t addr,
                                         uint8_t reg, uint8_t value)
{
    return reg_write(h, addr, reg, &value, 1);
}

solo5_result_t solo5_i2c_read_word_data(solo5_handle_t h, uint8_t addr,
                                        uint8_t reg, uint16_t *value)
{
    uint8_t b[2];
    solo5_result_t r = reg_read(h, addr, reg, b, 2);
    if (r == SOLO5_R_OK)
        *value = (uint16_t)(b[0] | b[1] << 8);
    return r;
}

solo5_result_t solo5_i2c_write_word_data(solo5_handle_t h, uint8_t addr,
                                         uint8_t reg, uint16_t value)
{
    uint8_t b[2] = {(uint8_t)value, (uint8_t)(value >> 8)};
    return reg_write(h, addr, reg, b, 2);
}

solo5_result_t solo5_i2c_read_block_data(solo5_handle_t h, uint8_t addr,
                                         uint8_t reg, uint8_t *buf, size_t len)
{
    if (len > PV_I2C_MAX_LEN - 1)
        return SOLO5_R_EINVAL;
    return reg_read(h, addr, reg, buf, len);
}

solo5_result_t solo5_i2c_write_block_data(solo5_handle_t h, uint8_t addr,
                                          uint8_t reg, const uint8_t *buf,
                                          size_t len)
{
    return reg_write(h, addr, reg, buf, len);
}
