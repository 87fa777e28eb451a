/* SPDX-License-Identifier: ISC */
/*
 * gpio_events: edge events from a stimulus file. Run as
 *
 *   pinvisor --gpio:e=sim:0,1,2,3,4:in --gpio:f=sim:5:in \
 *       --gpio-stimulus=S gpio_events.hvt OFFSET_US [native]
 *
 * with S as below, every time OFFSET_US microseconds later (times after
 * guest start; the offset gives the guest time to configure its lines):
 *
 *   200ms e.0 1   line 0, rising only:      event 1
 *   200ms e.3 1   line 3, no edges:         none (level 1)
 *   300ms e.0 0                             none (falling)
 *   400ms e.1 0   line 1, falling only:     event 2
 *   500ms e.1 1                             none (rising)
 *   600ms e.2 1   line 2, both edges:       event 3
 *   700ms e.2 0                             event 4
 *   750ms e.3 0                             none
 *   800ms e.4 1   line 4, both, 1 ms debounce: a 0.3 ms glitch, none
 *   800.3ms e.4 0
 *   900ms e.4 1                             event 5 at 901 ms
 *
 * (The steps are far apart so that a slow, emulated guest still reads
 * line 3 high after event 1.)
 *
 * The guest sleeps in solo5_yield until the ready set has e's bit, then
 * drains the events and checks line, edge, seqno and line_seqno, and
 * that timestamps are spaced exactly as the stimulus (the sim chip
 * stamps an event with its scheduled time). Device f has edge detection
 * but no stimulus: its bit is never ready. After the last event a 100 ms
 * yield reports nothing and read_event gives SOLO5_R_AGAIN.
 *
 * With "native" on the command line it also checks the shared time base
 * of native mode: the first event lies less than OFFSET_US + 200 ms after
 * the guest's first clock reading (the guest starts after the stimulus'
 * time zero) and no event is stamped in the future.
 */
#include "pvlibc.h"
#include "solo5.h"

#include "../check.h"

#define MS 1000000ULL

#define R SOLO5_GPIO_EDGE_IS_RISING
#define F SOLO5_GPIO_EDGE_IS_FALLING

static const struct {
    unsigned line, edge, line_seqno;
    solo5_time_t at; /* stimulus time, ns */
} want[] = {
    {0, R, 1, 200 * MS}, {1, F, 1, 400 * MS}, {2, R, 1, 600 * MS},
    {2, F, 2, 700 * MS}, {4, R, 1, 901 * MS},
};
#define NWANT (sizeof want / sizeof want[0])

int solo5_app_main(const struct solo5_start_info *si)
{
    solo5_time_t t_main = solo5_clock_monotonic();
    const char *p = si->cmdline;
    solo5_time_t offset = 0;
    while (*p >= '0' && *p <= '9' && offset < 10000000)
        offset = offset * 10 + (solo5_time_t)(*p++ - '0');
    offset *= 1000; /* ns */
    bool native = strcmp(p, " native") == 0;
    if (p == si->cmdline || (*p && !native)) {
        printf("FAILURE: usage: gpio_events.hvt OFFSET_US [native]\n");
        return 1;
    }
    solo5_handle_t e, f;
    struct solo5_gpio_info info;
    if (solo5_gpio_acquire("e", &e, &info) != SOLO5_R_OK || info.nlines != 5 ||
        solo5_gpio_acquire("f", &f, &info) != SOLO5_R_OK) {
        printf("FAILURE: needs devices 'e' (5 lines) and 'f'\n");
        return 1;
    }
    struct solo5_gpio_config c = {.flags = SOLO5_GPIO_INPUT |
                                           SOLO5_GPIO_PULL_DOWN |
                                           SOLO5_GPIO_EDGE_RISING};
    CHECK(solo5_gpio_set(e, 0x1, &c) == SOLO5_R_OK);
    c.flags = SOLO5_GPIO_INPUT | SOLO5_GPIO_PULL_UP | SOLO5_GPIO_EDGE_FALLING;
    CHECK(solo5_gpio_set(e, 0x2, &c) == SOLO5_R_OK);
    c.flags = SOLO5_GPIO_INPUT | SOLO5_GPIO_PULL_DOWN | SOLO5_GPIO_EDGE_BOTH;
    CHECK(solo5_gpio_set(e, 0x4, &c) == SOLO5_R_OK);
    CHECK(solo5_gpio_set(f, 0x1, &c) == SOLO5_R_OK);
    c.flags = SOLO5_GPIO_INPUT | SOLO5_GPIO_PULL_DOWN;
    CHECK(solo5_gpio_set(e, 0x8, &c) == SOLO5_R_OK);
    c.flags = SOLO5_GPIO_INPUT | SOLO5_GPIO_PULL_DOWN | SOLO5_GPIO_EDGE_BOTH;
    c.debounce_us = 1000;
    CHECK(solo5_gpio_set(e, 0x10, &c) == SOLO5_R_OK);
    uint64_t v = 0;
    CHECK(solo5_gpio_input(e, 0x1f, &v) == SOLO5_R_OK && v == 0x2);

    struct solo5_gpio_event ev[NWANT];
    solo5_time_t end = solo5_clock_monotonic() + 10000 * MS;
    unsigned n = 0, wakes = 0;
    while (n < NWANT) {
        solo5_handle_set_t ready = 0;
        solo5_yield(end, &ready);
        solo5_time_t now = solo5_clock_monotonic();
        if (!(ready & (1ULL << e))) {
            printf("FAILURE: woke without e ready (set 0x%llx) after %u "
                   "events\n",
                   (unsigned long long)ready, n);
            return 1;
        }
        CHECK(!(ready & (1ULL << f)));
        wakes++;
        while (n < NWANT && solo5_gpio_read_event(e, &ev[n]) == SOLO5_R_OK) {
            if (native)
                CHECK(ev[n].timestamp <=
                      now + 20 * MS); /* clocks: docs/testing.md */
            if (n == 0) {
                /* Line 3 has no edge detection but did go high. */
                CHECK(solo5_gpio_input(e, 0x8, &v) == SOLO5_R_OK && v == 0x8);
            }
            n++;
        }
    }
    printf("events: %u events in %u wake-ups\n", n, wakes);
    for (unsigned i = 0; i < NWANT; i++) {
        printf("event %u: line %u edge %u line_seqno %u at +%llu ns\n",
               ev[i].seqno, ev[i].line, ev[i].edge, ev[i].line_seqno,
               (unsigned long long)(ev[i].timestamp - ev[0].timestamp));
        CHECK(ev[i].seqno == i + 1);
        CHECK(ev[i].line == want[i].line);
        CHECK(ev[i].edge == want[i].edge);
        CHECK(ev[i].line_seqno == want[i].line_seqno);
        CHECK(ev[i].timestamp - ev[0].timestamp == want[i].at - want[0].at);
    }
    if (native) {
        printf("events: first event %lld ns after the first clock reading\n",
               (long long)(ev[0].timestamp - t_main));
        CHECK(ev[0].timestamp > t_main);
        CHECK(ev[0].timestamp - t_main <= offset + want[0].at);
    }

    /* No spurious events once the stimulus has ended. */
    solo5_time_t t = solo5_clock_monotonic();
    solo5_handle_set_t ready = 0;
    solo5_yield(t + 100 * MS, &ready);
    CHECK(ready == 0);
    if (native)
        CHECK(solo5_clock_monotonic() >= t + 100 * MS);
    struct solo5_gpio_event extra;
    CHECK(solo5_gpio_read_event(e, &extra) == SOLO5_R_AGAIN);
    CHECK(solo5_gpio_read_event(f, &extra) == SOLO5_R_AGAIN);
    CHECK(solo5_gpio_input(e, 0x1f, &v) == SOLO5_R_OK && v == 0x12);
    printf("events: quiet after the last one\n");
    if (failures) {
        printf("FAILURE: %d checks failed\n", failures);
        return 1;
    }
    printf("SUCCESS\n");
    return 0;
}
