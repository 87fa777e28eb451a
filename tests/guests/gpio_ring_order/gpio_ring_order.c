/* SPDX-License-Identifier: ISC */
/*
 * gpio_ring_order: the ordering rules of GPIO requests (docs/gpio.md),
 * which hold with and without the request ring:
 *  - an input sees every output posted before it;
 *  - an output posted after a sequence is applied after its last step;
 *  - a clear (a hypercall) comes after every posted request;
 *  - requests posted before solo5_yield are applied while the guest
 *    sleeps: the yield does not wait for them, nor they for it;
 *  - an output after solo5_gpio_barrier is taken, and applied after
 *    the outputs before it.
 * Device "io": lines 0 and 1, outputs. The trace is checked by the test.
 */
#include "pvlibc.h"
#include "solo5.h"

#include "../check.h"

#define MS 1000000ULL

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    solo5_handle_t h;
    struct solo5_gpio_info info;
    CHECK(solo5_gpio_acquire("io", &h, &info) == SOLO5_R_OK);
    struct solo5_gpio_config out = {.flags = SOLO5_GPIO_OUTPUT};
    CHECK(solo5_gpio_set(h, 3, &out) == SOLO5_R_OK);

    /* 1. Output then input of the same line, many times over. */
    uint64_t v = 0;
    for (unsigned i = 0; i < 1000; i++) {
        CHECK(solo5_gpio_output(h, 1, i & 1) == SOLO5_R_OK);
        CHECK(solo5_gpio_input(h, 1, &v) == SOLO5_R_OK);
        if (v != (i & 1)) {
            printf("FAILURE: input %u saw %llu\n", i, (unsigned long long)v);
            failures++;
            break;
        }
    }

    /* 2. A sequence ending high, then an output low: low wins. */
    struct solo5_gpio_step steps[6];
    for (unsigned i = 0; i < 6; i++) {
        steps[i].mask = 1;
        steps[i].values = i & 1; /* 0 1 0 1 0 1: ends high */
        steps[i].delay = 2 * MS;
    }
    solo5_time_t t0 = solo5_clock_monotonic();
    CHECK(solo5_gpio_sequence(h, steps, 6) == SOLO5_R_OK);
    CHECK(solo5_gpio_output(h, 1, 0) == SOLO5_R_OK);
    CHECK(solo5_gpio_input(h, 1, &v) == SOLO5_R_OK);
    CHECK(v == 0);
    CHECK(solo5_clock_monotonic() - t0 >= 12 * MS); /* input waited */

    /*
     * 3. Requests posted before a yield are applied during it: 6 steps
     * of 50 ms, a yield to 600 ms. Had they waited for the next call, the
     * input would take at least the 250 ms of steps after the first; the
     * bound of 150 ms leaves room for slow exits under emulation (one
     * took 23 ms in the arm64 test VM).
     */
    for (unsigned i = 0; i < 6; i++)
        steps[i].mask = 2, steps[i].values = (i & 1) << 1,
        steps[i].delay = 50 * MS;
    t0 = solo5_clock_monotonic();
    CHECK(solo5_gpio_sequence(h, steps, 6) == SOLO5_R_OK);
    solo5_yield(t0 + 600 * MS, NULL);
    solo5_time_t t1 = solo5_clock_monotonic();
    CHECK(solo5_gpio_input(h, 2, &v) == SOLO5_R_OK);
    CHECK(v == 2);
    CHECK(solo5_clock_monotonic() - t1 < 150 * MS);

    /*
     * 4. A barrier orders line 1 before line 0 (data, then clock); the
     * tender takes the ordered output (solo5_gpio_sync: no failure).
     */
    CHECK(solo5_gpio_barrier(h + 1000) == SOLO5_R_EINVAL);
    CHECK(solo5_gpio_output(h, 3, 0) == SOLO5_R_OK);
    CHECK(solo5_gpio_output(h, 2, 2) == SOLO5_R_OK);
    CHECK(solo5_gpio_barrier(h) == SOLO5_R_OK);
    CHECK(solo5_gpio_output(h, 1, 1) == SOLO5_R_OK);
    CHECK(solo5_gpio_sync(h) == SOLO5_R_OK);
    CHECK(solo5_gpio_input(h, 3, &v) == SOLO5_R_OK);
    CHECK(v == 3);

    /* 5. Output high, then clear: the clear comes last (trace: 1 then 0). */
    CHECK(solo5_gpio_output(h, 1, 1) == SOLO5_R_OK);
    CHECK(solo5_gpio_clear(h, 1) == SOLO5_R_OK);
    CHECK(solo5_gpio_output(h, 1, 1) == SOLO5_R_EINVAL); /* released */

    if (failures)
        return 1;
    printf("SUCCESS\n");
    return 0;
}
