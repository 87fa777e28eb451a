/* SPDX-License-Identifier: ISC */
/*
 * bench_toggle: one instance of the scaling benchmark (bench/scale/).
 * Prints its start time (wall clock, when its main begins), waits for
 * wall time START_NS, toggles line 0 of device "out" for MS ms, one
 * solo5_gpio_output each, and prints the toggles per second.
 *
 *   command line: START_NS MS
 */
#include "pvlibc.h"
#include "solo5.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    printf("RESULT start_wall %llu ns\n",
           (unsigned long long)solo5_clock_wall());
    char *end;
    solo5_time_t start = strtoul(si->cmdline, &end, 10);
    solo5_time_t ms = strtoul(end, NULL, 10);
    solo5_handle_t out;
    struct solo5_gpio_info info;
    struct solo5_gpio_config oc = {.flags = SOLO5_GPIO_OUTPUT};
    if (solo5_gpio_acquire("out", &out, &info) != SOLO5_R_OK ||
        solo5_gpio_set(out, 1, &oc) != SOLO5_R_OK) {
        printf("bench_toggle: needs GPIO device 'out'\n");
        return 1;
    }
    solo5_time_t wall = solo5_clock_wall();
    if (start > wall) {
        solo5_time_t until = solo5_clock_monotonic() + (start - wall);
        while (solo5_clock_monotonic() < until)
            solo5_yield(until, NULL);
    }
    solo5_time_t t0 = solo5_clock_monotonic();
    solo5_time_t stop = t0 + ms * 1000000ULL, t = t0;
    unsigned long long n = 0;
    uint64_t v;
    while (t < stop) {
        solo5_gpio_output(out, 1, n & 1);
        if (++n % 64 == 0)
            t = solo5_clock_monotonic();
    }
    solo5_gpio_input(out, 1, &v); /* waits for queued outputs */
    t = solo5_clock_monotonic() - t0;
    printf("RESULT toggles %llu per_s\n", t ? n * 1000000000ULL / t : 0);
    return 0;
}
