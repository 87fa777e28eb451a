/* SPDX-License-Identifier: ISC */
/*
 * gpio_async: asynchronous GPIO requests and what a guest learns of them.
 * Run as
 *
 *   pinvisor --gpio:a=sim:0,1 gpio_async.hvt yield
 *   pinvisor --gpio:a=sim:0,1 gpio_async.hvt sync ring|noring
 *
 * yield: queues a sequence of 2 steps of 400 ms on line 0, then yields
 *   with a deadline 20 ms away: solo5_yield must return long before the
 *   sequence ends (at most 250 ms later), then solo5_gpio_sync waits for
 *   it (at least 800 ms after it was made) and reports SOLO5_R_OK.
 * sync: queues a sequence whose one step, 200 ms later, drives line 0,
 *   then releases line 0 with a raw GPIO_CLEAR hypercall (bypassing the
 *   runtime, which would wait for the sequence). With the ring the step
 *   is refused when due, and solo5_gpio_sync must say so (EINVAL), once;
 *   without it the sequence ran before the clear, and sync says OK.
 * Prints SUCCESS, or FAILURE with what went wrong.
 */
#include "pinvisor_abi.h"
#include "pvlibc.h"
#include "solo5.h"

#include "../check.h"

#define MS 1000000ULL

static unsigned long long ms(solo5_time_t t)
{
    return (unsigned long long)(t / MS);
}

static void yield_bound(solo5_handle_t h)
{
    struct solo5_gpio_step steps[] = {
        {.mask = 1, .values = 1, .delay = 400 * MS},
        {.mask = 1, .values = 0, .delay = 400 * MS},
    };
    solo5_time_t t0 = solo5_clock_monotonic();
    CHECK_MSG(solo5_gpio_sequence(h, steps, 2) == SOLO5_R_OK, "sequence\n");
    solo5_time_t t1 = solo5_clock_monotonic();
    solo5_handle_set_t ready = 0;
    solo5_yield(t1 + 20 * MS, &ready);
    solo5_time_t t2 = solo5_clock_monotonic();
    printf("yield: returned after %llu ms\n", ms(t2 - t1));
    CHECK_MSG(t2 - t1 < 250 * MS, "yield waited %llu ms for the sequence\n",
              ms(t2 - t1));
    CHECK_MSG(solo5_gpio_sync(h) == SOLO5_R_OK, "sync after the sequence\n");
    solo5_time_t t3 = solo5_clock_monotonic();
    printf("sync: the sequence ended %llu ms after it was made\n", ms(t3 - t0));
    CHECK_MSG(t3 - t0 >= 800 * MS, "sync returned before the sequence ended\n");
    uint64_t v = 9;
    CHECK_MSG(solo5_gpio_input(h, 1, &v) == SOLO5_R_OK && v == 0,
              "line 0 reads %llu after the sequence\n", (unsigned long long)v);
}

static void sync_reports(solo5_handle_t h, bool ring)
{
    struct solo5_gpio_step step = {.mask = 1, .values = 1, .delay = 200 * MS};
    CHECK_MSG(solo5_gpio_sequence(h, &step, 1) == SOLO5_R_OK, "sequence\n");
    struct pv_hc_gpio_clear c = {.handle = h, .mask = 1};
    pv_hypercall(PV_HC_GPIO_CLEAR, &c);
    CHECK_MSG(c.ret == SOLO5_R_OK, "raw clear: %d\n", c.ret);
    solo5_result_t r = solo5_gpio_sync(h);
    printf("sync: %d\n", r);
    CHECK_MSG(r == (ring ? SOLO5_R_EINVAL : SOLO5_R_OK),
              "sync gave %d, expected %d\n", r,
              ring ? SOLO5_R_EINVAL : SOLO5_R_OK);
    r = solo5_gpio_sync(h);
    CHECK_MSG(r == SOLO5_R_OK, "a second sync gave %d\n", r);
    /* Later asynchronous requests start afresh. */
    CHECK_MSG(solo5_gpio_output(h, 2, 2) == SOLO5_R_OK, "output\n");
    CHECK_MSG(solo5_gpio_sync(h) == SOLO5_R_OK, "sync after a good output\n");
    CHECK_MSG(solo5_gpio_sync(7) == SOLO5_R_EINVAL, "sync on no device\n");
}

int solo5_app_main(const struct solo5_start_info *si)
{
    solo5_handle_t h;
    struct solo5_gpio_info info;
    if (solo5_gpio_acquire("a", &h, &info) != SOLO5_R_OK) {
        printf("FAILURE: no GPIO device 'a'\n");
        return 1;
    }
    struct solo5_gpio_config out = {.flags = SOLO5_GPIO_OUTPUT};
    CHECK_MSG(solo5_gpio_set(h, 3, &out) == SOLO5_R_OK, "set\n");
    const char *cmd = si->cmdline;
    if (strncmp(cmd, "yield", 5) == 0)
        yield_bound(h);
    else if (strncmp(cmd, "sync ", 5) == 0)
        sync_reports(h, strcmp(cmd + 5, "ring") == 0);
    else
        CHECK_MSG(0, "unknown mode '%s'\n", cmd);
    if (failures)
        return 1;
    printf("SUCCESS\n");
    return 0;
}
