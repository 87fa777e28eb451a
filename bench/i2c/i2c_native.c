/* SPDX-License-Identifier: ISC */
/*
 * i2c_native: the native floor of an I2C register read (bench/i2c/run.sh):
 * a plain process reads register 0 of the chip at 0x48 on /dev/i2c-N the
 * way the tender's i2c-dev backend does on an SMBus-only adapter such as
 * i2c-stub (which has no I2C_RDWR): I2C_SLAVE, then I2C_SMBUS with
 * I2C_SMBUS_BYTE_DATA, for every read.
 *
 *   i2c_native /dev/i2c-N ITERATIONS
 *
 * Prints "RESULT i2c_read_mean N.NNN us" (after 10 reads of warm-up).
 */
#include <fcntl.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int read_reg(int fd, uint8_t *v)
{
    union i2c_smbus_data d;
    struct i2c_smbus_ioctl_data a = {.read_write = I2C_SMBUS_READ,
                                     .command = 0,
                                     .size = I2C_SMBUS_BYTE_DATA,
                                     .data = &d};
    if (ioctl(fd, I2C_SLAVE, (void *)(uintptr_t)0x48) < 0 ||
        ioctl(fd, I2C_SMBUS, &a) < 0)
        return -1;
    *v = d.byte;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: i2c_native /dev/i2c-N ITERATIONS\n");
        return 2;
    }
    unsigned long iter = strtoul(argv[2], NULL, 10);
    int fd = open(argv[1], O_RDWR);
    if (fd < 0 || iter == 0) {
        perror(argv[1]);
        return 1;
    }
    uint8_t v = 0;
    for (int i = 0; i < 10; i++)
        if (read_reg(fd, &v) < 0) {
            perror("i2c_native: read");
            return 1;
        }
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < iter; i++)
        if (read_reg(fd, &v) < 0) {
            perror("i2c_native: read");
            return 1;
        }
    uint64_t ns = (now_ns() - t0) / iter;
    printf("RESULT i2c_read_mean %llu.%03llu us\n",
           (unsigned long long)(ns / 1000), (unsigned long long)(ns % 1000));
    printf("value 0x%02x\n", v);
    return 0;
}
