/* SPDX-License-Identifier: ISC */
/*
 * gpio_activelow: values are logical. Run as
 *
 *   pinvisor --gpio:a=sim:0,1 --gpio-stimulus=S --gpio-trace=T.vcd \
 *       gpio_activelow.hvt
 *
 * with S driving a.1 low, then high again 500 ms later. Line 0 is an
 * active-low output: logical 0 is physical 1 and logical 1 physical 0,
 * and input reads back the logical value. Line 1 is an active-low input
 * with a pull-up: it reads logical 0 while pulled up; the stimulus
 * pulling it low is a logical rising edge, releasing it a falling edge.
 * The test script checks the physical levels in the trace.
 */
#include "pvlibc.h"
#include "solo5.h"

#include "../check.h"

#define MS 1000000ULL

static uint64_t in(solo5_handle_t h, uint64_t mask)
{
    uint64_t v = 0xdeadbeef;
    if (solo5_gpio_input(h, mask, &v) != SOLO5_R_OK)
        return 0xbad;
    return v;
}

/* Waits up to 5 s for the next event of device h. */
static int next_event(solo5_handle_t h, struct solo5_gpio_event *ev)
{
    solo5_time_t end = solo5_clock_monotonic() + 5000 * MS;
    while (solo5_gpio_read_event(h, ev) != SOLO5_R_OK) {
        if (solo5_clock_monotonic() >= end)
            return 1;
        solo5_handle_set_t ready = 0;
        solo5_yield(end, &ready);
    }
    return 0;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    solo5_handle_t a;
    struct solo5_gpio_info info;
    if (solo5_gpio_acquire("a", &a, &info) != SOLO5_R_OK || info.nlines != 2) {
        printf("FAILURE: needs device 'a' with 2 lines\n");
        return 1;
    }
    /* Output: logical 0 = physical 1. */
    struct solo5_gpio_config out = {
        .flags = SOLO5_GPIO_OUTPUT | SOLO5_GPIO_ACTIVE_LOW, .values = 0};
    CHECK(solo5_gpio_set(a, 0x1, &out) == SOLO5_R_OK);
    CHECK(in(a, 0x1) == 0x0);
    CHECK(solo5_gpio_output(a, 0x1, 0x1) == SOLO5_R_OK);
    CHECK(in(a, 0x1) == 0x1);
    printf("activelow: output logical 1\n");

    /*
     * Input: pulled up, so logical 0. Edge detection is enabled in a
     * second call, once the pull-up has settled the level.
     */
    struct solo5_gpio_config inp = {
        .flags = SOLO5_GPIO_INPUT | SOLO5_GPIO_ACTIVE_LOW | SOLO5_GPIO_PULL_UP};
    CHECK(solo5_gpio_set(a, 0x2, &inp) == SOLO5_R_OK);
    inp.flags |= SOLO5_GPIO_EDGE_BOTH;
    CHECK(solo5_gpio_set(a, 0x2, &inp) == SOLO5_R_OK);
    CHECK(in(a, 0x3) == 0x1);

    struct solo5_gpio_event ev;
    if (next_event(a, &ev)) {
        printf("FAILURE: no event for the low level\n");
        return 1;
    }
    printf("activelow: event %u line %u edge %u\n", ev.seqno, ev.line, ev.edge);
    CHECK(ev.line == 1 && ev.edge == SOLO5_GPIO_EDGE_IS_RISING &&
          ev.seqno == 1);
    CHECK(in(a, 0x2) == 0x2);
    if (next_event(a, &ev)) {
        printf("FAILURE: no event for the high level\n");
        return 1;
    }
    printf("activelow: event %u line %u edge %u\n", ev.seqno, ev.line, ev.edge);
    CHECK(ev.line == 1 && ev.edge == SOLO5_GPIO_EDGE_IS_FALLING &&
          ev.seqno == 2);
    CHECK(in(a, 0x2) == 0x0);

    /* Output logical 0 again: physical 1 until the safe state. */
    CHECK(solo5_gpio_output(a, 0x1, 0x0) == SOLO5_R_OK);
    CHECK(in(a, 0x3) == 0x0);
    if (failures) {
        printf("FAILURE: %d checks failed\n", failures);
        return 1;
    }
    printf("SUCCESS\n");
    return 0;
}
