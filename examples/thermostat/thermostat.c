/* SPDX-License-Identifier: ISC */
/*
 * thermostat: reads a temperature sensor every second and switches an LED
 * on while it is at or above a threshold (off again half a degree below).
 *
 *   pinvisor --i2c:sensor=sim:0x48 --i2c-sim=room.txt \
 *       --gpio:led=sim:0:out thermostat.hvt [READINGS [THRESHOLD_MC]]
 *
 * The sensor is a TMP102-style device at 0x48: register 0 holds the
 * temperature, 12 bits, most significant byte first, 0.0625 C a step.
 * Stops after READINGS readings (default 6); THRESHOLD_MC is in
 * thousandths of a degree (default 25000). The readings are taken at
 * whole seconds after the start, so a slow reading does not shift the
 * next one.
 */
#include "pvlibc.h"
#include "solo5.h"

#define SENSOR_ADDR 0x48
#define HYSTERESIS_MC 500

/* The next number on the command line, or dflt if there is none. */
static unsigned arg_uint(const char **args, unsigned dflt)
{
    char *end;
    unsigned long v = strtoul(*args, &end, 10);
    if (end == *args)
        return dflt;
    *args = end;
    return v > 100000000 ? 100000000 : (unsigned)v;
}

/* The temperature in thousandths of a degree; false if the bus failed. */
static bool read_temp(solo5_handle_t sensor, int *mc)
{
    uint8_t b[2];
    if (solo5_i2c_read_block_data(sensor, SENSOR_ADDR, 0, b, 2) != SOLO5_R_OK)
        return false;
    int raw = (int)((unsigned)b[0] << 4 | b[1] >> 4);
    if (raw & 0x800)
        raw -= 0x1000; /* below zero */
    *mc = raw * 625 / 10;
    return true;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *args = si->cmdline;
    unsigned readings = arg_uint(&args, 6);
    int threshold = (int)arg_uint(&args, 25000);

    solo5_handle_t sensor, led;
    struct solo5_i2c_info iinfo;
    struct solo5_gpio_info ginfo;
    if (solo5_i2c_acquire("sensor", &sensor, &iinfo) != SOLO5_R_OK ||
        solo5_gpio_acquire("led", &led, &ginfo) != SOLO5_R_OK) {
        printf("thermostat: needs I2C device 'sensor' and GPIO device "
               "'led'\n");
        return 1;
    }
    struct solo5_gpio_config out = {.flags = SOLO5_GPIO_OUTPUT};
    if (solo5_gpio_set(led, 1, &out) != SOLO5_R_OK) {
        printf("thermostat: cannot configure the LED\n");
        return 1;
    }
    solo5_time_t start = solo5_clock_monotonic();
    uint64_t lit = 0;
    for (unsigned k = 0; k < readings; k++) {
        solo5_handle_set_t ready;
        solo5_yield(start + (solo5_time_t)k * 1000000000ULL, &ready);
        int mc;
        if (!read_temp(sensor, &mc)) {
            printf("thermostat: the sensor does not answer\n");
            return 1;
        }
        uint64_t want = mc >= threshold                  ? 1
                        : mc < threshold - HYSTERESIS_MC ? 0
                                                         : lit;
        if (want != lit && solo5_gpio_output(led, 1, want) != SOLO5_R_OK) {
            printf("thermostat: cannot switch the LED\n");
            return 1;
        }
        lit = want;
        printf("thermostat: reading %u: %s%d.%03d C, LED %s\n", k + 1,
               mc < 0 ? "-" : "", (mc < 0 ? -mc : mc) / 1000,
               (mc < 0 ? -mc : mc) % 1000, lit ? "on" : "off");
    }
    return 0;
}
