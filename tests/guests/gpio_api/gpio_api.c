/* SPDX-License-Identifier: ISC */
/*
 * gpio_api: every GPIO call works on the sim chip. Run as
 *
 *   pinvisor --gpio:g=sim:0,1,2,3 --gpio:r=sim:4,5:in \
 *       --gpio:w=sim:6:out --gpio-trace=T.vcd gpio_api.hvt
 *
 * acquire reports the grant (nlines, perms) and refuses an unknown name;
 * set configures outputs with initial values and biased inputs; input
 * reads outputs back as their logical values and inputs as their level,
 * with bits outside the mask 0; output writes only the masked lines;
 * read_event has nothing to give without edge detection; clear drives
 * lines to the safe state and releases them (they can be set again).
 * The test script checks the trace against the levels printed here.
 */
#include "pvlibc.h"
#include "solo5.h"

#include "../check.h"

/* Reads `mask` of device h; returns the values or ~0 on failure. */
static uint64_t in(solo5_handle_t h, uint64_t mask)
{
    uint64_t v = 0xdeadbeef;
    if (solo5_gpio_input(h, mask, &v) != SOLO5_R_OK)
        return ~0ULL;
    return v;
}

static int acquire(const char *name, solo5_handle_t *h, unsigned nlines,
                   unsigned perms)
{
    struct solo5_gpio_info info = {0, 0};
    if (solo5_gpio_acquire(name, h, &info) != SOLO5_R_OK) {
        printf("FAILURE: cannot acquire '%s'\n", name);
        return 1;
    }
    printf("acquire %s: handle %llu nlines %u perms 0x%x\n", name,
           (unsigned long long)*h, info.nlines, info.perms);
    if (info.nlines != nlines || info.perms != perms) {
        printf("FAILURE: '%s': expected nlines %u perms 0x%x\n", name, nlines,
               perms);
        return 1;
    }
    return 0;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    solo5_handle_t g, r, w, x = 1234;
    struct solo5_gpio_info info = {77, 77};
    if (acquire("g", &g, 4, SOLO5_GPIO_PERM_IN | SOLO5_GPIO_PERM_OUT) ||
        acquire("r", &r, 2, SOLO5_GPIO_PERM_IN) ||
        acquire("w", &w, 1, SOLO5_GPIO_PERM_OUT))
        return 1;
    CHECK(g != r && r != w && g != w);
    CHECK(solo5_gpio_acquire("nosuch", &x, &info) == SOLO5_R_EINVAL);
    CHECK(solo5_gpio_acquire("", &x, &info) == SOLO5_R_EINVAL);
    printf("acquire nosuch: EINVAL\n");

    /* g: lines 0-1 outputs (1 high), line 2 pulled up, line 3 down. */
    struct solo5_gpio_config out = {.flags = SOLO5_GPIO_OUTPUT, .values = 0x2};
    struct solo5_gpio_config up = {.flags =
                                       SOLO5_GPIO_INPUT | SOLO5_GPIO_PULL_UP};
    struct solo5_gpio_config down = {.flags = SOLO5_GPIO_INPUT |
                                              SOLO5_GPIO_PULL_DOWN};
    CHECK(solo5_gpio_set(g, 0x3, &out) == SOLO5_R_OK);
    CHECK(solo5_gpio_set(g, 0x4, &up) == SOLO5_R_OK);
    CHECK(solo5_gpio_set(g, 0x8, &down) == SOLO5_R_OK);
    CHECK(in(g, 0xf) == 0x6);
    CHECK(in(g, 0x1) == 0x0);
    CHECK(in(g, 0x2) == 0x2);
    CHECK(in(g, 0x4) == 0x4);
    CHECK(in(g, 0x9) == 0x0);
    printf("set: g reads 0x%llx\n", (unsigned long long)in(g, 0xf));

    /* Both outputs change at once. */
    CHECK(solo5_gpio_output(g, 0x3, 0x1) == SOLO5_R_OK);
    CHECK(in(g, 0xf) == 0x5);
    printf("output: g reads 0x%llx\n", (unsigned long long)in(g, 0xf));

    /* r: inputs only; no bias, so the sim chip reads 0. */
    struct solo5_gpio_config plain_in = {.flags = SOLO5_GPIO_INPUT};
    CHECK(solo5_gpio_set(r, 0x3, &plain_in) == SOLO5_R_OK);
    CHECK(in(r, 0x3) == 0x0);

    /* w: output only. */
    struct solo5_gpio_config w_out = {.flags = SOLO5_GPIO_OUTPUT, .values = 1};
    CHECK(solo5_gpio_set(w, 0x1, &w_out) == SOLO5_R_OK);
    CHECK(in(w, 0x1) == 0x1);
    CHECK(solo5_gpio_output(w, 0x1, 0x0) == SOLO5_R_OK);
    CHECK(in(w, 0x1) == 0x0);
    CHECK(solo5_gpio_output(w, 0x1, 0x1) == SOLO5_R_OK);
    CHECK(in(w, 0x1) == 0x1);

    /* No edge detection anywhere: no events. */
    struct solo5_gpio_event ev;
    CHECK(solo5_gpio_read_event(g, &ev) == SOLO5_R_AGAIN);
    CHECK(solo5_gpio_read_event(r, &ev) == SOLO5_R_AGAIN);

    /* clear: line 0 goes to safe=0 and is released. */
    CHECK(solo5_gpio_clear(g, 0x1) == SOLO5_R_OK);
    uint64_t v = 0;
    CHECK(solo5_gpio_input(g, 0x1, &v) == SOLO5_R_EINVAL);
    CHECK(solo5_gpio_output(g, 0x1, 0x1) == SOLO5_R_EINVAL);
    CHECK(in(g, 0xe) == 0x4);
    printf("clear: line 0 released\n");

    /* A released line can be set again; then clear everything. */
    struct solo5_gpio_config hi = {.flags = SOLO5_GPIO_OUTPUT, .values = 0xf};
    CHECK(solo5_gpio_set(g, 0x1, &hi) == SOLO5_R_OK);
    CHECK(in(g, 0x1) == 0x1);
    /* An enabled line is reconfigured in place. */
    CHECK(solo5_gpio_set(g, 0x2, &hi) == SOLO5_R_OK);
    CHECK(in(g, 0x3) == 0x3);
    CHECK(solo5_gpio_clear(g, 0xf) == SOLO5_R_OK);
    CHECK(solo5_gpio_input(g, 0xf, &v) == SOLO5_R_EINVAL);
    printf("clear: all of g released\n");

    if (failures) {
        printf("FAILURE: %d checks failed\n", failures);
        return 1;
    }
    printf("SUCCESS\n");
    return 0;
}
