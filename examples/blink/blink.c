/* SPDX-License-Identifier: ISC */
/*
 * blink: the thesis's application. Turns the LED on and off COUNT times,
 * one on/off cycle every PERIOD milliseconds.
 *
 *   pinvisor --gpio:led=sim:0 blink.hvt [COUNT [PERIOD_MS]]
 *
 * Defaults: 10 blinks, 100 ms. The LED is line 0 of GPIO device "led".
 */
#include "pvlibc.h"
#include "solo5.h"

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

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *args = si->cmdline;
    unsigned count = arg_uint(&args, 10);
    unsigned period_ms = arg_uint(&args, 100);

    solo5_handle_t led;
    struct solo5_gpio_info info;
    if (solo5_gpio_acquire("led", &led, &info) != SOLO5_R_OK) {
        printf("blink: no GPIO device 'led'\n");
        return 1;
    }
    struct solo5_gpio_config out = {.flags = SOLO5_GPIO_OUTPUT, .values = 0};
    if (solo5_gpio_set(led, 1, &out) != SOLO5_R_OK) {
        printf("blink: cannot make line 0 an output\n");
        return 1;
    }
    printf("blink: %u blinks, period %u ms\n", count, period_ms);
    solo5_time_t half = (solo5_time_t)period_ms * 500000ULL;
    solo5_time_t t = solo5_clock_monotonic();
    for (unsigned i = 0; i < count; i++) {
        if (solo5_gpio_output(led, 1, 1) != SOLO5_R_OK)
            return 1;
        t += half;
        solo5_yield(t, NULL);
        if (solo5_gpio_output(led, 1, 0) != SOLO5_R_OK)
            return 1;
        t += half;
        solo5_yield(t, NULL);
    }
    printf("blink: done\n");
    return 0;
}
