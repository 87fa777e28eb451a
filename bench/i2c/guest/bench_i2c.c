/* SPDX-License-Identifier: ISC */
/*
 * bench_i2c: an I2C register read (solo5_i2c_read_byte_data: the register
 * number written, one byte read after a repeated start) as the unikernel
 * sees it, timed with solo5_clock_monotonic(). Run by bench/i2c/run.sh
 * with the request ring and with hypercalls (--i2c-ring=off).
 *
 *   command line: ITERATIONS   reads of register 0 of the device at 0x48
 *
 * Prints "RESULT i2c_read_mean N.NNN us" (the mean over the reads, after
 * 10 reads of warm-up) and the value read.
 */
#include "pvlibc.h"
#include "solo5.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    solo5_handle_t h;
    struct solo5_i2c_info info;
    unsigned long iter = strtoul(si->cmdline, NULL, 10);
    if (iter == 0)
        iter = 1000;
    if (solo5_i2c_acquire("bus", &h, &info) != SOLO5_R_OK) {
        printf("FAILURE: no I2C device 'bus'\n");
        return 1;
    }
    uint8_t v = 0;
    for (int i = 0; i < 10; i++)
        if (solo5_i2c_read_byte_data(h, 0x48, 0, &v) != SOLO5_R_OK) {
            printf("FAILURE: read failed\n");
            return 1;
        }
    solo5_time_t t0 = solo5_clock_monotonic();
    for (unsigned long i = 0; i < iter; i++)
        if (solo5_i2c_read_byte_data(h, 0x48, 0, &v) != SOLO5_R_OK) {
            printf("FAILURE: read failed\n");
            return 1;
        }
    solo5_time_t ns = (solo5_clock_monotonic() - t0) / iter;
    printf("RESULT i2c_read_mean %llu.%03llu us\n",
           (unsigned long long)(ns / 1000), (unsigned long long)(ns % 1000));
    printf("value 0x%02x\n", v);
    return 0;
}
