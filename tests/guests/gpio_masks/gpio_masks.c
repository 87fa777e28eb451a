/* SPDX-License-Identifier: ISC */
/*
 * gpio_masks: line masks select exactly the lines written, and one
 * output call changes all its lines at once. Run with device "m" granted
 * 8 lines (sim:0..7) or 64 lines (sim:0..63):
 *
 *   set     all lines outputs, values 0xa4      lines 2, 5, 7 rise
 *   output  mask 0x0b, values 0xff              lines 0, 1, 3 rise
 *   output  mask 0x0b, values 0x02              lines 0, 3 fall
 *   (64 lines) output mask bit 63 | bit 0, values ~0: both rise
 *
 * Value bits outside the mask are ignored; input reads back the whole
 * device after each step. The test script checks in the trace that the
 * lines of each call change under one timestamp and no other line moves.
 */
#include "pvlibc.h"
#include "solo5.h"

#include "../check.h"

static uint64_t in(solo5_handle_t h, uint64_t mask)
{
    uint64_t v = 0xdeadbeef;
    if (solo5_gpio_input(h, mask, &v) != SOLO5_R_OK)
        return 0xbad;
    return v;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    solo5_handle_t m;
    struct solo5_gpio_info info;
    if (solo5_gpio_acquire("m", &m, &info) != SOLO5_R_OK ||
        (info.nlines != 8 && info.nlines != 64)) {
        printf("FAILURE: needs device 'm' with 8 or 64 lines\n");
        return 1;
    }
    uint64_t all = info.nlines == 64 ? ~0ULL : (1ULL << info.nlines) - 1;
    struct solo5_gpio_config out = {.flags = SOLO5_GPIO_OUTPUT, .values = 0xa4};
    CHECK(solo5_gpio_set(m, all, &out) == SOLO5_R_OK);
    CHECK(in(m, all) == 0xa4);
    CHECK(solo5_gpio_output(m, 0x0b, 0xff) == SOLO5_R_OK);
    CHECK(in(m, all) == 0xaf);
    CHECK(solo5_gpio_output(m, 0x0b, 0x02) == SOLO5_R_OK);
    CHECK(in(m, all) == 0xa6);
    CHECK(in(m, 0x0f) == 0x06);
    if (info.nlines == 64) {
        uint64_t top = 1ULL << 63;
        CHECK(solo5_gpio_output(m, top | 1, ~0ULL) == SOLO5_R_OK);
        CHECK(in(m, all) == (top | 0xa7));
        CHECK(in(m, top) == top);
    }
    printf("masks: %u lines read 0x%llx\n", info.nlines,
           (unsigned long long)in(m, all));
    if (failures) {
        printf("FAILURE: %d checks failed\n", failures);
        return 1;
    }
    printf("SUCCESS\n");
    return 0;
}
