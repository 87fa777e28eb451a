/* SPDX-License-Identifier: ISC */
/*
 * button: waits for edges on a button line and toggles the LED on each
 * press, printing when the press happened and how long it took to reach
 * the unikernel.
 *
 *   pinvisor --gpio:button=sim:1:in --gpio:led=sim:0:out \
 *       --gpio-stimulus=presses.txt button.hvt [PRESSES [TIMEOUT_MS]]
 *
 * The button is line 0 of device "button", active high with a pull-down
 * and 1 ms debounce; a press is a rising edge. Stops after PRESSES
 * presses (default 3) or TIMEOUT_MS without one (default 5000).
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
    unsigned presses = arg_uint(&args, 3);
    unsigned timeout_ms = arg_uint(&args, 5000);

    solo5_handle_t button, led;
    struct solo5_gpio_info info;
    if (solo5_gpio_acquire("button", &button, &info) != SOLO5_R_OK ||
        solo5_gpio_acquire("led", &led, &info) != SOLO5_R_OK) {
        printf("button: needs GPIO devices 'button' and 'led'\n");
        return 1;
    }
    struct solo5_gpio_config in = {
        .flags = SOLO5_GPIO_INPUT | SOLO5_GPIO_PULL_DOWN | SOLO5_GPIO_EDGE_BOTH,
        .debounce_us = 1000};
    struct solo5_gpio_config out = {.flags = SOLO5_GPIO_OUTPUT};
    if (solo5_gpio_set(button, 1, &in) != SOLO5_R_OK ||
        solo5_gpio_set(led, 1, &out) != SOLO5_R_OK) {
        printf("button: cannot configure the lines\n");
        return 1;
    }
    uint64_t lit = 0;
    unsigned seen = 0;
    while (seen < presses) {
        solo5_handle_set_t ready = 0;
        solo5_time_t deadline =
            solo5_clock_monotonic() + (solo5_time_t)timeout_ms * 1000000ULL;
        solo5_yield(deadline, &ready);
        if (!(ready & (1ULL << button))) {
            printf("button: no press for %u ms, giving up\n", timeout_ms);
            return 2;
        }
        struct solo5_gpio_event ev;
        while (solo5_gpio_read_event(button, &ev) == SOLO5_R_OK) {
            solo5_time_t now = solo5_clock_monotonic();
            if (ev.edge != SOLO5_GPIO_EDGE_IS_RISING)
                continue;
            lit ^= 1;
            solo5_gpio_output(led, 1, lit);
            seen++;
            printf("button: press %u (event %u) at %llu ns, seen after "
                   "%llu us, LED %s\n",
                   seen, ev.seqno, (unsigned long long)ev.timestamp,
                   (unsigned long long)(now - ev.timestamp) / 1000,
                   lit ? "on" : "off");
        }
    }
    return 0;
}
