/* SPDX-License-Identifier: ISC */
/*
 * gpio_negative: requests the tender must refuse. Run as
 *
 *   pinvisor --mem=64 --gpio:n=sim:0,1,2,3 --gpio:i=sim:4:in \
 *       --gpio:o=sim:5:out --block:d=IMAGE --gpio-trace=T.vcd \
 *       gpio_negative.hvt [WILD]
 *
 * Line n.0 is an output driven high, n.1 an input, n.2 and n.3 stay
 * disabled, o.0 an output driven high. Without WILD every bad request
 * (lines outside the grant or not enabled, directions not granted, bad
 * flag combinations, bad handles (among them the BLOCK device d's),
 * non-zero padding through raw
 * hypercalls, bad sequences) must return SOLO5_R_EINVAL and change
 * nothing: the lines read the same afterwards, and the test script checks
 * that the trace has no change besides the set-up and the safe state.
 *
 * WILD makes one raw hypercall whose argument (or sequence steps) lies
 * outside the 64 MiB of guest memory, which must stop the guest:
 *   set input output clear read-event sequence   argument at 0xfffff000
 *   output-end     GPIO_OUTPUT argument crossing the end of memory
 *   steps          steps at 0xfffff000
 *   steps-end      2 steps starting 24 bytes before the end of memory
 */
#include "pinvisor_abi.h"
#include "pvlibc.h"
#include "solo5.h"

#include "../check.h"

#define MEM_END 0x4000000UL /* --mem=64 */
#define WILD 0xfffff000UL

#define EINVAL(call) CHECK((call) == SOLO5_R_EINVAL)

/* One raw hypercall (pinvisor_abi.h), bypassing the runtime's checks. */
static void hypercall(unsigned nr, uintptr_t arg)
{
    pv_hypercall(nr, (const volatile void *)arg);
}

static uint64_t in(solo5_handle_t h, uint64_t mask)
{
    uint64_t v = 0xdeadbeef;
    if (solo5_gpio_input(h, mask, &v) != SOLO5_R_OK)
        return 0xbad;
    return v;
}

static solo5_result_t set(solo5_handle_t h, uint64_t mask, unsigned flags,
                          unsigned debounce_us)
{
    struct solo5_gpio_config c = {
        .flags = flags, .values = 0, .debounce_us = debounce_us};
    return solo5_gpio_set(h, mask, &c);
}

static int wild(const char *what, solo5_handle_t n)
{
    static const struct {
        const char *name;
        unsigned nr;
        uintptr_t arg;
    } calls[] = {
        {"set", PV_HC_GPIO_SET, WILD},
        {"input", PV_HC_GPIO_INPUT, WILD},
        {"output", PV_HC_GPIO_OUTPUT, WILD},
        {"clear", PV_HC_GPIO_CLEAR, WILD},
        {"read-event", PV_HC_GPIO_READ_EVENT, WILD},
        {"sequence", PV_HC_GPIO_SEQUENCE, WILD},
        {"output-end", PV_HC_GPIO_OUTPUT, MEM_END - 16},
    };
    for (size_t k = 0; k < sizeof calls / sizeof calls[0]; k++) {
        if (strcmp(what, calls[k].name) == 0) {
            printf("wild: %s argument at 0x%lx\n", what,
                   (unsigned long)calls[k].arg);
            hypercall(calls[k].nr, calls[k].arg);
            printf("FAILURE: the guest survived\n");
            return 1;
        }
    }
    struct pv_hc_gpio_sequence a = {.handle = n, .nsteps = 1};
    if (strcmp(what, "steps") == 0) {
        a.steps = (const struct pv_gpio_step *)WILD;
    } else if (strcmp(what, "steps-end") == 0) {
        a.steps = (const struct pv_gpio_step *)(MEM_END - 24);
        a.nsteps = 2;
    } else {
        printf("FAILURE: unknown wild case '%s'\n", what);
        return 1;
    }
    printf("wild: %u steps at 0x%lx\n", a.nsteps, (unsigned long)a.steps);
    hypercall(PV_HC_GPIO_SEQUENCE, (uintptr_t)&a);
    printf("FAILURE: the guest survived (ret %d)\n", a.ret);
    return 1;
}

/* Every call on a handle that is not a GPIO device of this guest. */
static void bad_handle(solo5_handle_t h)
{
    struct solo5_gpio_config c = {.flags = SOLO5_GPIO_OUTPUT};
    struct solo5_gpio_event ev;
    struct solo5_gpio_step step = {.mask = 1, .values = 0, .delay = 0};
    uint64_t v = 0;
    EINVAL(solo5_gpio_set(h, 1, &c));
    EINVAL(solo5_gpio_input(h, 1, &v));
    EINVAL(solo5_gpio_output(h, 1, 0));
    EINVAL(solo5_gpio_clear(h, 1));
    EINVAL(solo5_gpio_read_event(h, &ev));
    EINVAL(solo5_gpio_sequence(h, &step, 1));
}

/* Raw calls with non-zero padding fail; the same with pad0 = 0 work. */
static void padding(solo5_handle_t n)
{
    for (uint32_t pad = 1; pad <= 2; pad++) {
        int want = pad == 1 ? PV_R_EINVAL : PV_R_OK;
        uint32_t p = pad == 1 ? 1 : 0;
        struct pv_hc_gpio_set s = {.handle = n,
                                   .mask = 1,
                                   .values = 1,
                                   .flags = PV_GPIO_F_OUTPUT,
                                   .ret = -1,
                                   .pad0 = p};
        hypercall(PV_HC_GPIO_SET, (uintptr_t)&s);
        CHECK(s.ret == want);
        struct pv_hc_gpio_values iv = {
            .handle = n, .mask = 1, .ret = -1, .pad0 = p};
        hypercall(PV_HC_GPIO_INPUT, (uintptr_t)&iv);
        CHECK(iv.ret == want);
        CHECK(want != PV_R_OK || iv.values == 1);
        struct pv_hc_gpio_values ov = {
            .handle = n, .mask = 1, .values = 1, .ret = -1, .pad0 = p};
        hypercall(PV_HC_GPIO_OUTPUT, (uintptr_t)&ov);
        CHECK(ov.ret == want);
        struct pv_hc_gpio_read_event ev = {.handle = n, .ret = -1, .pad0 = p};
        hypercall(PV_HC_GPIO_READ_EVENT, (uintptr_t)&ev);
        CHECK(ev.ret == (pad == 1 ? PV_R_EINVAL : PV_R_AGAIN));
    }
    /* clear releases the line, so only the refused form is tried. */
    struct pv_hc_gpio_clear c = {.handle = n, .mask = 1, .ret = -1, .pad0 = 1};
    hypercall(PV_HC_GPIO_CLEAR, (uintptr_t)&c);
    CHECK(c.ret == PV_R_EINVAL);
}

/* Sequences the tender itself must refuse (the bindings check less). */
static void raw_sequences(solo5_handle_t n)
{
    static struct pv_gpio_step steps[PV_GPIO_SEQ_MAX_STEPS + 1];
    for (unsigned k = 0; k <= PV_GPIO_SEQ_MAX_STEPS; k++)
        steps[k] = (struct pv_gpio_step){.mask = 1, .values = 1};
    struct pv_hc_gpio_sequence a = {
        .handle = n, .steps = steps, .nsteps = 0, .ret = -1};
    hypercall(PV_HC_GPIO_SEQUENCE, (uintptr_t)&a);
    CHECK(a.ret == PV_R_EINVAL);
    a.nsteps = PV_GPIO_SEQ_MAX_STEPS + 1;
    a.ret = -1;
    hypercall(PV_HC_GPIO_SEQUENCE, (uintptr_t)&a);
    CHECK(a.ret == PV_R_EINVAL);
    /* The same steps, 2 of them: accepted (line 0 stays 1). */
    a.nsteps = 2;
    a.ret = -1;
    hypercall(PV_HC_GPIO_SEQUENCE, (uintptr_t)&a);
    CHECK(a.ret == PV_R_OK);
}

int solo5_app_main(const struct solo5_start_info *si)
{
    solo5_handle_t n, i, o;
    struct solo5_gpio_info info;
    if (solo5_gpio_acquire("n", &n, &info) != SOLO5_R_OK || info.nlines != 4 ||
        solo5_gpio_acquire("i", &i, &info) != SOLO5_R_OK ||
        solo5_gpio_acquire("o", &o, &info) != SOLO5_R_OK) {
        printf("FAILURE: needs devices 'n' (4 lines), 'i' and 'o'\n");
        return 1;
    }
    solo5_handle_t d, x = 77;
    struct solo5_block_info binfo;
    if (solo5_block_acquire("d", &d, &binfo) != SOLO5_R_OK) {
        printf("FAILURE: needs BLOCK device 'd'\n");
        return 1;
    }
    /* A device of another class is not a GPIO device. */
    CHECK(solo5_gpio_acquire("d", &x, &info) == SOLO5_R_EINVAL);
    struct solo5_gpio_config hi = {.flags = SOLO5_GPIO_OUTPUT, .values = 1};
    CHECK(solo5_gpio_set(n, 0x1, &hi) == SOLO5_R_OK);
    CHECK(set(n, 0x2, SOLO5_GPIO_INPUT, 0) == SOLO5_R_OK);
    CHECK(solo5_gpio_set(o, 0x1, &hi) == SOLO5_R_OK);
    printf("negative: n.0 and o.0 driven high\n");
    if (si->cmdline[0])
        return wild(si->cmdline, n);

    /* Lines outside the grant, empty masks. */
    uint64_t v = 0;
    EINVAL(set(n, 1ULL << 4, SOLO5_GPIO_OUTPUT, 0));
    EINVAL(set(n, 1ULL << 63, SOLO5_GPIO_INPUT, 0));
    EINVAL(set(n, 0x11, SOLO5_GPIO_OUTPUT, 0)); /* would drive n.0 low */
    EINVAL(set(n, 0, SOLO5_GPIO_OUTPUT, 0));
    EINVAL(solo5_gpio_input(n, 1ULL << 4, &v));
    EINVAL(solo5_gpio_input(n, 0, &v));
    EINVAL(solo5_gpio_output(n, 0x11, 0));
    EINVAL(solo5_gpio_output(n, 1ULL << 63, 0));
    EINVAL(solo5_gpio_output(n, 0, 0));
    EINVAL(solo5_gpio_clear(n, 1ULL << 4));
    EINVAL(solo5_gpio_clear(n, 0x11));
    EINVAL(solo5_gpio_clear(n, 0));
    EINVAL(solo5_gpio_input(i, 0x2, &v));
    printf("negative: lines outside the grant\n");

    /* Lines not enabled, or not outputs. */
    EINVAL(solo5_gpio_input(n, 0x4, &v));
    EINVAL(solo5_gpio_output(n, 0x4, 0x4));
    EINVAL(solo5_gpio_output(n, 0x2, 0x2));
    EINVAL(solo5_gpio_output(n, 0x3, 0x0)); /* n.0 is fine, n.1 not */
    EINVAL(solo5_gpio_input(i, 0x1, &v));
    printf("negative: lines not enabled or not outputs\n");

    /* Directions the grant does not allow. */
    EINVAL(set(i, 0x1, SOLO5_GPIO_OUTPUT, 0));
    EINVAL(solo5_gpio_output(i, 0x1, 0x1));
    EINVAL(set(o, 0x1, SOLO5_GPIO_INPUT, 0));
    EINVAL(set(o, 0x1, SOLO5_GPIO_INPUT | SOLO5_GPIO_PULL_UP, 0));
    printf("negative: directions not granted\n");

    /* Flags. */
    EINVAL(set(n, 0x8, SOLO5_GPIO_OUTPUT | 0x400, 0));
    EINVAL(set(n, 0x8, SOLO5_GPIO_INPUT | 0x80000000u, 0));
    EINVAL(set(n, 0x8, 0, 0));
    EINVAL(set(n, 0x8, SOLO5_GPIO_ACTIVE_LOW, 0));
    EINVAL(set(n, 0x8, SOLO5_GPIO_INPUT | SOLO5_GPIO_OUTPUT, 0));
    EINVAL(set(
        n, 0x8,
        SOLO5_GPIO_OUTPUT | SOLO5_GPIO_OPEN_DRAIN | SOLO5_GPIO_OPEN_SOURCE, 0));
    EINVAL(set(n, 0x8, SOLO5_GPIO_INPUT | SOLO5_GPIO_OPEN_DRAIN, 0));
    EINVAL(set(n, 0x8, SOLO5_GPIO_INPUT | SOLO5_GPIO_OPEN_SOURCE, 0));
    EINVAL(set(n, 0x8,
               SOLO5_GPIO_INPUT | SOLO5_GPIO_PULL_UP | SOLO5_GPIO_PULL_DOWN,
               0));
    EINVAL(set(
        n, 0x8,
        SOLO5_GPIO_OUTPUT | SOLO5_GPIO_PULL_UP | SOLO5_GPIO_BIAS_DISABLED, 0));
    EINVAL(set(
        n, 0x8,
        SOLO5_GPIO_INPUT | SOLO5_GPIO_PULL_DOWN | SOLO5_GPIO_BIAS_DISABLED, 0));
    EINVAL(set(n, 0x8, SOLO5_GPIO_OUTPUT | SOLO5_GPIO_EDGE_RISING, 0));
    EINVAL(set(n, 0x8, SOLO5_GPIO_OUTPUT | SOLO5_GPIO_EDGE_FALLING, 0));
    EINVAL(set(n, 0x8, SOLO5_GPIO_OUTPUT | SOLO5_GPIO_EDGE_BOTH, 0));
    EINVAL(set(n, 0x8, SOLO5_GPIO_OUTPUT, 10));
    EINVAL(set(n, 0x8, SOLO5_GPIO_INPUT, 5000001));
    /* A bad reconfiguration of an enabled line leaves it as it was. */
    EINVAL(set(n, 0x1, SOLO5_GPIO_OUTPUT | SOLO5_GPIO_EDGE_RISING, 0));
    printf("negative: bad flags\n");

    /* Handles: reserved entry 0, out of range, wrapped, unused. */
    bad_handle(0);
    bad_handle(d);
    bad_handle(63);
    bad_handle(64);
    bad_handle(n + 50);
    bad_handle((1ULL << 32) | n);
    bad_handle(~0ULL);
    printf("negative: bad handles\n");

    /* Sequences. */
    struct solo5_gpio_step steps[2] = {{.mask = 0x1, .values = 0},
                                       {.mask = 0x2, .values = 0x2}};
    EINVAL(solo5_gpio_sequence(n, steps, 2)); /* n.1 is an input */
    steps[1].mask = 0x4;
    EINVAL(solo5_gpio_sequence(n, steps, 2)); /* n.2 not enabled */
    steps[1].mask = 0x10;
    EINVAL(solo5_gpio_sequence(n, steps, 2)); /* outside */
    steps[1].mask = 1ULL << 63;
    EINVAL(solo5_gpio_sequence(n, steps, 2));
    EINVAL(solo5_gpio_sequence(i, steps, 1)); /* i.0 not an output */
    raw_sequences(n);
    printf("negative: bad sequences\n");

    padding(n);
    printf("negative: non-zero padding\n");

    /* Nothing moved. */
    CHECK(in(n, 0x3) == 0x1);
    CHECK(in(o, 0x1) == 0x1);
    struct solo5_gpio_event ev;
    CHECK(solo5_gpio_read_event(n, &ev) == SOLO5_R_AGAIN);
    if (failures) {
        printf("FAILURE: %d checks failed\n", failures);
        return 1;
    }
    printf("SUCCESS\n");
    return 0;
}
