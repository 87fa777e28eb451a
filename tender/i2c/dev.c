/* SPDX-License-Identifier: ISC */
/*
 * dev.c: the I2C backend on the kernel's i2c-dev (/dev/i2c-N). An adapter
 * with I2C_FUNC_I2C gets each transfer whole, by I2C_RDWR. One without
 * it (SMBus-only controllers, the kernel's i2c-stub) gets the transfers
 * the SMBus calls can carry (docs/i2c.md), by I2C_SLAVE and I2C_SMBUS;
 * any other shape fails with PV_R_EUNSPEC without reaching the bus.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../abi.h"
#include "../args.h"
#include "i2c.h"

#define SMBUS_NEEDED                                                           \
    (I2C_FUNC_SMBUS_READ_BYTE_DATA | I2C_FUNC_SMBUS_WRITE_BYTE_DATA)

/* N of "N", "i2c-N" or "/dev/i2c-N"; -1 for anything else. */
static long bus_number(const char *bus)
{
    const char *p = bus;
    if (strncmp(p, "/dev/i2c-", 9) == 0)
        p += 9;
    else if (strncmp(p, "i2c-", 4) == 0)
        p += 4;
    uint64_t v;
    if (tnd_args_parse_u64(p, 1u << 20, &v) != 0)
        return -1;
    return (long)v;
}

/* The adapter whose sysfs name is `name`, or -1. */
static long bus_by_name(const char *name)
{
    DIR *d = opendir("/sys/bus/i2c/devices");
    if (d == NULL)
        return -1;
    long found = -1;
    struct dirent *de;
    while (found < 0 && (de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, "i2c-", 4) != 0)
            continue;
        long n = bus_number(de->d_name);
        char path[300], buf[128];
        snprintf(path, sizeof path, "/sys/bus/i2c/devices/%s/name", de->d_name);
        FILE *f = n < 0 ? NULL : fopen(path, "re");
        if (f == NULL)
            continue;
        if (fgets(buf, sizeof buf, f)) {
            buf[strcspn(buf, "\n")] = '\0';
            if (strcmp(buf, name) == 0)
                found = n;
        }
        fclose(f);
    }
    closedir(d);
    return found;
}

static int real_ioctl(int fd, unsigned long req, void *arg)
{
    return ioctl(fd, req, arg);
}

static int real_open(const char *path, int flags)
{
    return open(path, flags);
}

const struct i2c_dev_sys i2c_dev_real = {
    .open = real_open, .ioctl = real_ioctl, .close = close};

int i2c_dev_open(struct i2c_bus *b, const char *bus,
                 const struct i2c_dev_sys *sys, char *err, size_t errlen)
{
    long n = bus_number(bus);
    if (n < 0 && (n = bus_by_name(bus)) < 0) {
        snprintf(err, errlen, "no I2C adapter named '%s'", bus);
        return -ENOENT;
    }
    char path[32];
    snprintf(path, sizeof path, "/dev/i2c-%ld", n);
    int fd = sys->open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(e));
        return -e;
    }
    unsigned long funcs = 0;
    if (sys->ioctl(fd, I2C_FUNCS, &funcs) < 0) {
        int e = errno;
        sys->close(fd);
        snprintf(err, errlen, "%s: I2C_FUNCS: %s", path, strerror(e));
        return -e;
    }
    if (!(funcs & I2C_FUNC_I2C) && (funcs & SMBUS_NEEDED) != SMBUS_NEEDED) {
        sys->close(fd);
        snprintf(err, errlen,
                 "%s offers neither plain I2C transfers nor SMBus byte "
                 "data (functionality 0x%lx)",
                 path, funcs);
        return -EOPNOTSUPP;
    }
    b->ops = &i2c_dev_ops;
    b->priv = sys;
    b->fd = fd;
    b->smbus = !(funcs & I2C_FUNC_I2C);
    return 0;
}

static int rdwr(struct i2c_bus *b, struct i2c_xfer *m, unsigned n)
{
    struct i2c_msg km[PV_I2C_MAX_MSGS];
    for (unsigned i = 0; i < n; i++)
        km[i] = (struct i2c_msg){.addr = m[i].addr,
                                 .flags = m[i].rd ? I2C_M_RD : 0,
                                 .len = m[i].len,
                                 .buf = m[i].buf};
    struct i2c_rdwr_ioctl_data d = {.msgs = km, .nmsgs = n};
    const struct i2c_dev_sys *sys = b->priv;
    return sys->ioctl(b->fd, I2C_RDWR, &d) == (int)n ? PV_R_OK : PV_R_EUNSPEC;
}

static int smbus_call(struct i2c_bus *b, uint8_t addr, char rw, uint8_t cmd,
                      int size, union i2c_smbus_data *data)
{
    const struct i2c_dev_sys *sys = b->priv;
    struct i2c_smbus_ioctl_data a = {
        .read_write = rw, .command = cmd, .size = (uint32_t)size, .data = data};
    /* I2C_SLAVE takes the address itself as its argument. */
    if (sys->ioctl(b->fd, I2C_SLAVE, (void *)(uintptr_t)addr) < 0 ||
        sys->ioctl(b->fd, I2C_SMBUS, &a) < 0)
        return PV_R_EUNSPEC;
    return PV_R_OK;
}

/* The transfer shapes the SMBus calls can carry; anything else fails. */
static int smbus(struct i2c_bus *b, struct i2c_xfer *m, unsigned n)
{
    union i2c_smbus_data d;
    int rc;
    if (n == 1 && m[0].rd && m[0].len == 1) { /* receive byte */
        rc = smbus_call(b, m[0].addr, I2C_SMBUS_READ, 0, I2C_SMBUS_BYTE, &d);
        m[0].buf[0] = d.byte;
        return rc;
    }
    if (n == 1 && !m[0].rd) {
        uint8_t reg = m[0].buf[0];
        unsigned len = m[0].len - 1u;
        if (len == 0)
            return smbus_call(b, m[0].addr, I2C_SMBUS_WRITE, reg,
                              I2C_SMBUS_BYTE, NULL);
        if (len > I2C_SMBUS_BLOCK_MAX)
            return PV_R_EUNSPEC;
        int size = len == 1   ? I2C_SMBUS_BYTE_DATA
                   : len == 2 ? I2C_SMBUS_WORD_DATA
                              : I2C_SMBUS_I2C_BLOCK_DATA;
        if (size == I2C_SMBUS_BYTE_DATA)
            d.byte = m[0].buf[1];
        else if (size == I2C_SMBUS_WORD_DATA)
            d.word = (uint16_t)(m[0].buf[1] | m[0].buf[2] << 8);
        else {
            d.block[0] = (uint8_t)len;
            memcpy(d.block + 1, m[0].buf + 1, len);
        }
        return smbus_call(b, m[0].addr, I2C_SMBUS_WRITE, reg, size, &d);
    }
    if (n == 2 && !m[0].rd && m[0].len == 1 && m[1].rd &&
        m[1].addr == m[0].addr && m[1].len <= I2C_SMBUS_BLOCK_MAX) {
        unsigned len = m[1].len;
        int size = len == 1   ? I2C_SMBUS_BYTE_DATA
                   : len == 2 ? I2C_SMBUS_WORD_DATA
                              : I2C_SMBUS_I2C_BLOCK_DATA;
        if (size == I2C_SMBUS_I2C_BLOCK_DATA)
            d.block[0] = (uint8_t)len;
        rc = smbus_call(b, m[0].addr, I2C_SMBUS_READ, m[0].buf[0], size, &d);
        if (rc != PV_R_OK)
            return rc;
        if (size == I2C_SMBUS_BYTE_DATA) {
            m[1].buf[0] = d.byte;
        } else if (size == I2C_SMBUS_WORD_DATA) {
            m[1].buf[0] = (uint8_t)d.word;
            m[1].buf[1] = (uint8_t)(d.word >> 8);
        } else {
            if (d.block[0] != len)
                return PV_R_EUNSPEC;
            memcpy(m[1].buf, d.block + 1, len);
        }
        return PV_R_OK;
    }
    return PV_R_EUNSPEC;
}

static int dev_transfer(struct i2c_bus *b, struct i2c_xfer *m, unsigned n,
                        uint64_t now_ns)
{
    (void)now_ns;
    return b->smbus ? smbus(b, m, n) : rdwr(b, m, n);
}

const struct i2c_bus_ops i2c_dev_ops = {.transfer = dev_transfer};
