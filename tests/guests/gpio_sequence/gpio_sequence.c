/* SPDX-License-Identifier: ISC */
/*
 * gpio_sequence: timed output steps. Run as
 *
 *   pinvisor --gpio:s=sim:0,1 --gpio-trace=T.vcd gpio_sequence.hvt
 *
 * Line 0 is an output set high (the reference mark in the trace), line 1
 * an input. Then:
 *
 *   20 steps of 2 ms toggling line 0 (0, 1, 0, ... 1)     OK, >= 40 ms
 *                                  (measured after a later input call)
 *   a good step then a step on input line 1               EINVAL
 *   a step on line 2, outside the device                  EINVAL
 *   a step with a delay above 10 s                        EINVAL
 *   0 and 4097 steps                                      EINVAL
 *   a wait-only step of 5 ms, then line 0 low             OK, >= 5 ms
 *
 * The rejected sequences change nothing: line 0 reads 1 after them. The
 * test script checks in the trace that the 20 toggles and the final low
 * come in order and none before its schedule.
 */
#include "pvlibc.h"
#include "solo5.h"

#include "../check.h"

#define MS 1000000ULL
#define NSTEPS 20

static uint64_t in(solo5_handle_t h, uint64_t mask)
{
    uint64_t v = 0xdeadbeef;
    if (solo5_gpio_input(h, mask, &v) != SOLO5_R_OK)
        return 0xbad;
    return v;
}

static struct solo5_gpio_step big[4097];

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    solo5_handle_t s;
    struct solo5_gpio_info info;
    if (solo5_gpio_acquire("s", &s, &info) != SOLO5_R_OK || info.nlines != 2) {
        printf("FAILURE: needs device 's' with 2 lines\n");
        return 1;
    }
    struct solo5_gpio_config out = {.flags = SOLO5_GPIO_OUTPUT, .values = 1};
    struct solo5_gpio_config inp = {.flags = SOLO5_GPIO_INPUT};
    CHECK(solo5_gpio_set(s, 0x1, &out) == SOLO5_R_OK);
    CHECK(solo5_gpio_set(s, 0x2, &inp) == SOLO5_R_OK);

    struct solo5_gpio_step toggle[NSTEPS];
    for (unsigned i = 0; i < NSTEPS; i++)
        toggle[i] = (struct solo5_gpio_step){
            .mask = 0x1, .values = i & 1, .delay = 2 * MS};
    /*
     * On the hypercall path the call returns after the last step; on the
     * request ring it returns at once, but the input request after it
     * completes only once the steps are done (the ring runs in order).
     */
    solo5_time_t t = solo5_clock_monotonic();
    CHECK(solo5_gpio_sequence(s, toggle, NSTEPS) == SOLO5_R_OK);
    CHECK(in(s, 0x1) == 0x1);
    solo5_time_t took = solo5_clock_monotonic() - t;
    CHECK(took >= NSTEPS * 2 * MS);
    printf("sequence: %u steps of 2 ms took at least 40 ms: %s\n", NSTEPS,
           took >= NSTEPS * 2 * MS ? "yes" : "no");

    struct solo5_gpio_step bad[2] = {{.mask = 0x1, .values = 0, .delay = 0},
                                     {.mask = 0x2, .values = 0x2, .delay = 0}};
    CHECK(solo5_gpio_sequence(s, bad, 2) == SOLO5_R_EINVAL);
    bad[1].mask = 0x4;
    bad[1].values = 0x4;
    CHECK(solo5_gpio_sequence(s, bad, 2) == SOLO5_R_EINVAL);
    bad[1].mask = 0x1;
    bad[1].delay = 10000 * MS + 1;
    CHECK(solo5_gpio_sequence(s, bad, 2) == SOLO5_R_EINVAL);
    CHECK(solo5_gpio_sequence(s, bad, 0) == SOLO5_R_EINVAL);
    CHECK(solo5_gpio_sequence(s, big, 4097) == SOLO5_R_EINVAL);
    CHECK(in(s, 0x1) == 0x1);
    printf("sequence: rejected sequences changed nothing\n");

    struct solo5_gpio_step wait_then_low[2] = {
        {.mask = 0, .values = 0, .delay = 5 * MS},
        {.mask = 0x1, .values = 0, .delay = 0}};
    t = solo5_clock_monotonic();
    CHECK(solo5_gpio_sequence(s, wait_then_low, 2) == SOLO5_R_OK);
    CHECK(in(s, 0x1) == 0x0);
    CHECK(solo5_clock_monotonic() - t >= 5 * MS);

    if (failures) {
        printf("FAILURE: %d checks failed\n", failures);
        return 1;
    }
    printf("SUCCESS\n");
    return 0;
}
