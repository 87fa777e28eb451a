/* SPDX-License-Identifier: ISC */
/*
 * test_i2c_dev.c: the i2c-dev backend (tender/i2c/dev.c) through a fake
 * of its system calls: the adapter chosen by I2C_FUNCS at open, each
 * transfer as one I2C_RDWR with the guest's messages, and, on an
 * SMBus-only adapter, each transfer shape as its SMBus call, the others
 * failing without any call.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <stdio.h>
#include <string.h>

#include "../../tender/i2c/i2c.h"

#define FD 42
#define SMBUS_FUNCS_FOR_TEST                                                   \
    (I2C_FUNC_SMBUS_READ_BYTE_DATA | I2C_FUNC_SMBUS_WRITE_BYTE_DATA)

static struct {
    unsigned long funcs;
    char path[64];
    unsigned ncalls;
    unsigned long req[8];
    uintptr_t slave;
    struct i2c_msg msgs[PV_I2C_MAX_MSGS];
    unsigned nmsgs;
    struct i2c_smbus_ioctl_data smbus;
    union i2c_smbus_data data;
    int fail; /* errno of every data call, or 0 */
    unsigned closed;
} f;

static int fake_open(const char *path, int flags)
{
    (void)flags;
    snprintf(f.path, sizeof f.path, "%s", path);
    if (strcmp(path, "/dev/i2c-9") == 0) {
        errno = ENOENT;
        return -1;
    }
    return FD;
}

static int fake_ioctl(int fd, unsigned long req, void *arg)
{
    cr_assert_eq(fd, FD);
    if (req == I2C_FUNCS) {
        *(unsigned long *)arg = f.funcs;
        return 0;
    }
    cr_assert_lt(f.ncalls, 8);
    f.req[f.ncalls++] = req;
    if (req == I2C_SLAVE) {
        f.slave = (uintptr_t)arg;
        return 0;
    }
    if (f.fail) {
        errno = f.fail;
        return -1;
    }
    if (req == I2C_RDWR) {
        struct i2c_rdwr_ioctl_data *d = arg;
        f.nmsgs = d->nmsgs;
        memcpy(f.msgs, d->msgs, d->nmsgs * sizeof d->msgs[0]);
        for (unsigned i = 0; i < d->nmsgs; i++)
            if (d->msgs[i].flags & I2C_M_RD)
                memset(d->msgs[i].buf, 0x5a, d->msgs[i].len);
        return (int)d->nmsgs;
    }
    cr_assert_eq(req, I2C_SMBUS);
    f.smbus = *(struct i2c_smbus_ioctl_data *)arg;
    if (f.smbus.read_write == I2C_SMBUS_READ) {
        if (f.smbus.size != I2C_SMBUS_I2C_BLOCK_DATA)
            f.smbus.data->word = 0xbeef;
        else
            for (unsigned i = 1; i <= f.smbus.data->block[0]; i++)
                f.smbus.data->block[i] = (uint8_t)(0x10 + i);
    } else if (f.smbus.data) {
        f.data = *f.smbus.data;
    }
    return 0;
}

static int fake_close(int fd)
{
    cr_assert_eq(fd, FD);
    f.closed++;
    return 0;
}

static const struct i2c_dev_sys fake = {
    .open = fake_open, .ioctl = fake_ioctl, .close = fake_close};
static char err[200];

static struct i2c_bus open_bus(unsigned long funcs, const char *name)
{
    struct i2c_bus b;
    memset(&f, 0, sizeof f);
    f.funcs = funcs;
    cr_assert_eq(i2c_dev_open(&b, name, &fake, err, sizeof err), 0, "%s", err);
    return b;
}

Test(i2c_dev, bus_spellings_open_one_device)
{
    static const char *const names[] = {"3", "i2c-3", "/dev/i2c-3"};
    for (size_t i = 0; i < 3; i++) {
        struct i2c_bus b = open_bus(I2C_FUNC_I2C, names[i]);
        cr_assert_str_eq(f.path, "/dev/i2c-3");
        cr_assert_eq(b.fd, FD);
        cr_assert(!b.smbus);
    }
}

Test(i2c_dev, open_refusals_say_why)
{
    struct i2c_bus b;
    memset(&f, 0, sizeof f);
    cr_assert_eq(i2c_dev_open(&b, "no such adapter", &fake, err, sizeof err),
                 -ENOENT);
    cr_assert_str_eq(err, "no I2C adapter named 'no such adapter'");
    cr_assert_eq(i2c_dev_open(&b, "9", &fake, err, sizeof err), -ENOENT);
    cr_assert_str_eq(err, "cannot open /dev/i2c-9: No such file or directory");
    f.funcs = I2C_FUNC_SMBUS_READ_BYTE_DATA | I2C_FUNC_SMBUS_QUICK;
    cr_assert_eq(i2c_dev_open(&b, "2", &fake, err, sizeof err), -EOPNOTSUPP);
    cr_assert_str_eq(err, "/dev/i2c-2 offers neither plain I2C transfers nor "
                          "SMBus byte data (functionality 0x90000)");
    cr_assert_eq(f.closed, 1);
}

Test(i2c_dev, a_transfer_is_one_i2c_rdwr)
{
    struct i2c_bus b = open_bus(I2C_FUNC_I2C | I2C_FUNC_SMBUS_BYTE_DATA, "1");
    uint8_t w[2] = {0x10, 0x20}, r[3] = {0};
    struct i2c_xfer x[2] = {{.addr = 0x48, .len = 2, .buf = w},
                            {.addr = 0x48, .rd = true, .len = 3, .buf = r}};
    cr_assert_eq(b.ops->transfer(&b, x, 2, 0), PV_R_OK);
    cr_assert_eq(f.ncalls, 1);
    cr_assert_eq(f.req[0], I2C_RDWR);
    cr_assert_eq(f.nmsgs, 2);
    cr_assert_eq(f.msgs[0].addr, 0x48);
    cr_assert_eq(f.msgs[0].flags, 0);
    cr_assert_eq(f.msgs[0].len, 2);
    cr_assert_eq(f.msgs[0].buf, w);
    cr_assert_eq(f.msgs[1].flags, I2C_M_RD);
    cr_assert_eq(f.msgs[1].len, 3);
    cr_assert_arr_eq(r, ((uint8_t[]){0x5a, 0x5a, 0x5a}), 3);
    f.fail = EREMOTEIO; /* no acknowledge */
    cr_assert_eq(b.ops->transfer(&b, x, 2, 0), PV_R_EUNSPEC);
}

/* One SMBus transfer on a fresh SMBus-only bus; returns its result. */
static int smbus_xfer(struct i2c_xfer *x, unsigned n)
{
    struct i2c_bus b = open_bus(SMBUS_FUNCS_FOR_TEST, "0");
    cr_assert(b.smbus);
    return b.ops->transfer(&b, x, n, 0);
}

Test(i2c_dev, smbus_shapes_become_smbus_calls)
{
    uint8_t reg = 0x07, r[4] = {0}, w[5] = {0x07, 0xaa, 0xbb, 0xcc, 0xdd};
    struct i2c_xfer rd[2] = {{.addr = 0x50, .len = 1, .buf = &reg},
                             {.addr = 0x50, .rd = true, .len = 1, .buf = r}};
    /* write reg, read 1: read byte data */
    cr_assert_eq(smbus_xfer(rd, 2), PV_R_OK);
    cr_assert_eq(f.ncalls, 2);
    cr_assert_eq(f.req[0], I2C_SLAVE);
    cr_assert_eq(f.slave, 0x50);
    cr_assert_eq(f.smbus.read_write, I2C_SMBUS_READ);
    cr_assert_eq(f.smbus.command, 0x07);
    cr_assert_eq(f.smbus.size, I2C_SMBUS_BYTE_DATA);
    cr_assert_eq(r[0], 0xef);
    /* write reg, read 2: read word data, low byte first */
    rd[1].len = 2;
    cr_assert_eq(smbus_xfer(rd, 2), PV_R_OK);
    cr_assert_eq(f.smbus.size, I2C_SMBUS_WORD_DATA);
    cr_assert_arr_eq(r, ((uint8_t[]){0xef, 0xbe}), 2);
    /* write reg, read 4: I2C block data of 4 */
    rd[1].len = 4;
    cr_assert_eq(smbus_xfer(rd, 2), PV_R_OK);
    cr_assert_eq(f.smbus.size, I2C_SMBUS_I2C_BLOCK_DATA);
    cr_assert_arr_eq(r, ((uint8_t[]){0x11, 0x12, 0x13, 0x14}), 4);
    /* write reg + 1, + 2, + 4 bytes: byte, word, I2C block data */
    struct i2c_xfer wr = {.addr = 0x50, .len = 2, .buf = w};
    cr_assert_eq(smbus_xfer(&wr, 1), PV_R_OK);
    cr_assert_eq(f.smbus.read_write, I2C_SMBUS_WRITE);
    cr_assert_eq(f.smbus.size, I2C_SMBUS_BYTE_DATA);
    cr_assert_eq(f.data.byte, 0xaa);
    wr.len = 3;
    cr_assert_eq(smbus_xfer(&wr, 1), PV_R_OK);
    cr_assert_eq(f.smbus.size, I2C_SMBUS_WORD_DATA);
    cr_assert_eq(f.data.word, 0xbbaa);
    wr.len = 5;
    cr_assert_eq(smbus_xfer(&wr, 1), PV_R_OK);
    cr_assert_eq(f.smbus.size, I2C_SMBUS_I2C_BLOCK_DATA);
    cr_assert_arr_eq(f.data.block, ((uint8_t[]){4, 0xaa, 0xbb, 0xcc, 0xdd}), 5);
    /* write 1: send byte; read 1: receive byte */
    wr.len = 1;
    cr_assert_eq(smbus_xfer(&wr, 1), PV_R_OK);
    cr_assert_eq(f.smbus.size, I2C_SMBUS_BYTE);
    cr_assert_eq(f.smbus.command, 0x07);
    struct i2c_xfer one = {.addr = 0x50, .rd = true, .len = 1, .buf = r};
    cr_assert_eq(smbus_xfer(&one, 1), PV_R_OK);
    cr_assert_eq(f.smbus.size, I2C_SMBUS_BYTE);
    cr_assert_eq(f.smbus.read_write, I2C_SMBUS_READ);
}

Test(i2c_dev, other_shapes_fail_without_a_call)
{
    static uint8_t buf[64];
    struct i2c_xfer three[3] = {
        {.addr = 0x50, .len = 1, .buf = buf},
        {.addr = 0x50, .rd = true, .len = 1, .buf = buf},
        {.addr = 0x50, .rd = true, .len = 1, .buf = buf}};
    cr_assert_eq(smbus_xfer(three, 3), PV_R_EUNSPEC);
    cr_assert_eq(f.ncalls, 0);
    three[1].len = 33; /* beyond an SMBus block */
    cr_assert_eq(smbus_xfer(three, 2), PV_R_EUNSPEC);
    cr_assert_eq(f.ncalls, 0);
    three[1] =
        (struct i2c_xfer){.addr = 0x51, .rd = true, .len = 1, .buf = buf};
    cr_assert_eq(smbus_xfer(three, 2), PV_R_EUNSPEC); /* two addresses */
    cr_assert_eq(f.ncalls, 0);
    struct i2c_xfer two_reads = {
        .addr = 0x50, .rd = true, .len = 2, .buf = buf};
    cr_assert_eq(smbus_xfer(&two_reads, 1), PV_R_EUNSPEC);
    cr_assert_eq(f.ncalls, 0);
    struct i2c_xfer long_write = {.addr = 0x50, .len = 34, .buf = buf};
    cr_assert_eq(smbus_xfer(&long_write, 1), PV_R_EUNSPEC);
    cr_assert_eq(f.ncalls, 0);
}
