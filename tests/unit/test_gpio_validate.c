/* SPDX-License-Identifier: ISC */
/*
 * test_gpio_validate.c: the checks every guest GPIO request goes through
 * (common/gpio_validate.c). Tables of good and bad requests, one test per
 * request type, then tests for the exact reasons given.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "../../tender/gpio/device.h"
#include "gpio_ops.h"

#define IN PV_GPIO_F_INPUT
#define OUT PV_GPIO_F_OUTPUT
#define AL PV_GPIO_F_ACTIVE_LOW
#define RISE PV_GPIO_F_EDGE_RISING
#define FALL PV_GPIO_F_EDGE_FALLING
#define OD PV_GPIO_F_OPEN_DRAIN
#define OS PV_GPIO_F_OPEN_SOURCE
#define PU PV_GPIO_F_BIAS_PULL_UP
#define PD PV_GPIO_F_BIAS_PULL_DOWN
#define BD PV_GPIO_F_BIAS_DISABLED
#define P_IN PV_GPIO_PERM_IN
#define P_OUT PV_GPIO_PERM_OUT
#define P_BOTH (PV_GPIO_PERM_IN | PV_GPIO_PERM_OUT)
#define OK PV_R_OK
#define EINV PV_R_EINVAL
#define DB_MAX PV_GPIO_DEBOUNCE_MAX_US

/* struct gpio_dev is large (event queue): one static instance. */
static struct gpio_dev dev;

static const struct gpio_dev *mkdev(unsigned nlines, uint32_t perms,
                                    uint64_t enabled, uint64_t outputs)
{
    memset(&dev, 0, sizeof dev);
    strcpy(dev.name, "dev");
    dev.nlines = nlines;
    dev.perms = perms;
    dev.enabled = enabled;
    dev.outputs = outputs;
    dev.poll_fd = -1;
    dev.trace_var = -1;
    return &dev;
}

/*
 * Each hypercall struct as the one request shape gpio_validate() checks,
 * the way modules/mod_gpio.c builds it.
 */
static int gpio_validate_set(const struct gpio_dev *d,
                             const struct pv_hc_gpio_set *a, const char **why)
{
    struct gpio_lines l = gpio_dev_lines(d);
    struct gpio_request r = {.op = GPIO_OP_SET,
                             .handle = a->handle,
                             .mask = a->mask,
                             .values = a->values,
                             .flags = a->flags,
                             .debounce_us = a->debounce_us,
                             .pad = a->pad0};
    return gpio_validate(&l, &r, why);
}

static int values_req(const struct gpio_dev *d, uint32_t op,
                      const struct pv_hc_gpio_values *a, const char **why)
{
    struct gpio_lines l = gpio_dev_lines(d);
    struct gpio_request r = {.op = op,
                             .handle = a->handle,
                             .mask = a->mask,
                             .values = a->values,
                             .pad = a->pad0};
    return gpio_validate(&l, &r, why);
}

static int gpio_validate_input(const struct gpio_dev *d,
                               const struct pv_hc_gpio_values *a,
                               const char **why)
{
    return values_req(d, GPIO_OP_INPUT, a, why);
}

static int gpio_validate_output(const struct gpio_dev *d,
                                const struct pv_hc_gpio_values *a,
                                const char **why)
{
    return values_req(d, GPIO_OP_OUTPUT, a, why);
}

static int gpio_validate_clear(const struct gpio_dev *d,
                               const struct pv_hc_gpio_clear *a,
                               const char **why)
{
    struct gpio_lines l = gpio_dev_lines(d);
    struct gpio_request r = {.op = GPIO_OP_CLEAR,
                             .handle = a->handle,
                             .mask = a->mask,
                             .pad = a->pad0};
    return gpio_validate(&l, &r, why);
}

static int gpio_validate_sequence(const struct gpio_dev *d,
                                  const struct pv_gpio_step *steps, uint32_t n,
                                  const char **why)
{
    struct gpio_lines l = gpio_dev_lines(d);
    struct gpio_request r = {
        .op = GPIO_OP_SEQUENCE, .nsteps = n, .steps = steps};
    return gpio_validate(&l, &r, why);
}

/* --- flags ------------------------------------------------------------------
 */

struct flags_case {
    const char *desc;
    uint32_t flags, debounce_us, perms;
    int expect;
};

static const struct flags_case flags_cases[] = {
    {"plain input", IN, 0, P_BOTH, OK},
    {"plain output", OUT, 0, P_BOTH, OK},
    {"input with every input option", IN | AL | RISE | FALL | PU, DB_MAX,
     P_BOTH, OK},
    {"input pull-down, falling edge", IN | PD | FALL, 0, P_IN, OK},
    {"input bias disabled", IN | BD, 0, P_IN, OK},
    {"output open drain, pull-up", OUT | OD | PU, 0, P_OUT, OK},
    {"output open source, active low", OUT | OS | AL, 0, P_OUT, OK},
    {"output with bias disabled", OUT | BD, 0, P_OUT, OK},
    {"debounce of 1 us on input", IN, 1, P_IN, OK},
    {"debounce exactly the maximum", IN, DB_MAX, P_IN, OK},
    {"unknown flag bit 0x400", IN | 0x400u, 0, P_BOTH, EINV},
    {"unknown flag bit 31", OUT | 0x80000000u, 0, P_BOTH, EINV},
    {"every bit set", 0xffffffffu, 0, P_BOTH, EINV},
    {"INPUT and OUTPUT together", IN | OUT, 0, P_BOTH, EINV},
    {"no direction at all", 0, 0, P_BOTH, EINV},
    {"active low without direction", AL, 0, P_BOTH, EINV},
    {"bias without direction", PU, 0, P_BOTH, EINV},
    {"input with perms OUT only", IN, 0, P_OUT, EINV},
    {"output with perms IN only", OUT, 0, P_IN, EINV},
    {"input with no perms", IN, 0, 0, EINV},
    {"output with no perms", OUT, 0, 0, EINV},
    {"rising edge on output", OUT | RISE, 0, P_BOTH, EINV},
    {"falling edge on output", OUT | FALL, 0, P_BOTH, EINV},
    {"open drain and open source on output", OUT | OD | OS, 0, P_BOTH, EINV},
    {"open drain on input", IN | OD, 0, P_BOTH, EINV},
    {"open source on input", IN | OS, 0, P_BOTH, EINV},
    {"pull-up and pull-down", IN | PU | PD, 0, P_BOTH, EINV},
    {"pull-up and bias disabled", OUT | PU | BD, 0, P_BOTH, EINV},
    {"pull-down and bias disabled", IN | PD | BD, 0, P_BOTH, EINV},
    {"all three bias flags", IN | PU | PD | BD, 0, P_BOTH, EINV},
    {"debounce on output", OUT, 1, P_BOTH, EINV},
    {"debounce without direction", 0, 10, P_BOTH, EINV},
    {"debounce one over the maximum", IN, DB_MAX + 1, P_BOTH, EINV},
    {"debounce of UINT32_MAX", IN, UINT32_MAX, P_BOTH, EINV},
};

Test(gpio_validate, flags_table)
{
    for (size_t k = 0; k < sizeof flags_cases / sizeof flags_cases[0]; k++) {
        const struct flags_case *c = &flags_cases[k];
        const char *why = NULL;
        int rc = gpio_validate_flags(c->flags, c->debounce_us, c->perms, &why);
        cr_expect_eq(rc, c->expect, "%s: got %d (%s)", c->desc, rc,
                     why ? why : "-");
        if (c->expect == EINV)
            cr_expect(why != NULL && why[0] != '\0', "%s: no reason", c->desc);
    }
}

/* --- set
 * ---------------------------------------------------------------------- */

struct set_case {
    const char *desc;
    unsigned nlines;
    uint32_t perms;
    struct pv_hc_gpio_set req;
    int expect;
};

static const struct set_case set_cases[] = {
    {"input on line 0 of 1", 1, P_BOTH, {.mask = 1, .flags = IN}, OK},
    {"output on line 0 of 1", 1, P_BOTH, {.mask = 1, .flags = OUT}, OK},
    {"line 1 of a 1-line device", 1, P_BOTH, {.mask = 2, .flags = IN}, EINV},
    {"line 63 of a 1-line device",
     1,
     P_BOTH,
     {.mask = 1ULL << 63, .flags = IN},
     EINV},
    {"line 62 of a 63-line device",
     63,
     P_BOTH,
     {.mask = 1ULL << 62, .flags = IN},
     OK},
    {"every line of a 63-line device",
     63,
     P_BOTH,
     {.mask = (1ULL << 63) - 1, .flags = OUT},
     OK},
    {"line 63 of a 63-line device",
     63,
     P_BOTH,
     {.mask = 1ULL << 63, .flags = IN},
     EINV},
    {"all 64 bits of a 63-line device",
     63,
     P_BOTH,
     {.mask = ~0ULL, .flags = IN},
     EINV},
    {"line 63 of a 64-line device",
     64,
     P_BOTH,
     {.mask = 1ULL << 63, .flags = IN},
     OK},
    {"every line of a 64-line device",
     64,
     P_BOTH,
     {.mask = ~0ULL, .flags = OUT, .values = ~0ULL},
     OK},
    {"empty mask", 8, P_BOTH, {.mask = 0, .flags = IN}, EINV},
    {"non-zero pad0", 8, P_BOTH, {.mask = 1, .flags = IN, .pad0 = 1}, EINV},
    {"pad0 high bit",
     8,
     P_BOTH,
     {.mask = 1, .flags = IN, .pad0 = 0x80000000u},
     EINV},
    {"bad flags pass through", 8, P_BOTH, {.mask = 1, .flags = IN | OUT}, EINV},
    {"output on an input-only grant", 8, P_IN, {.mask = 1, .flags = OUT}, EINV},
    {"input on an output-only grant", 8, P_OUT, {.mask = 1, .flags = IN}, EINV},
    {"debounce too long",
     8,
     P_BOTH,
     {.mask = 1, .flags = IN, .debounce_us = DB_MAX + 1},
     EINV},
    {"input with debounce and edges",
     8,
     P_IN,
     {.mask = 0xff, .flags = IN | RISE | FALL, .debounce_us = 1000},
     OK},
    {"values outside mask are ignored",
     8,
     P_BOTH,
     {.mask = 1, .flags = OUT, .values = ~0ULL},
     OK},
};

Test(gpio_validate, set_table)
{
    for (size_t k = 0; k < sizeof set_cases / sizeof set_cases[0]; k++) {
        const struct set_case *c = &set_cases[k];
        const struct gpio_dev *d = mkdev(c->nlines, c->perms, 0, 0);
        const char *why = NULL;
        int rc = gpio_validate_set(d, &c->req, &why);
        cr_expect_eq(rc, c->expect, "%s: got %d (%s)", c->desc, rc,
                     why ? why : "-");
    }
}

/* --- input and output ---------------------------------------------------- */

struct values_case {
    const char *desc;
    unsigned nlines;
    uint64_t enabled, outputs;
    struct pv_hc_gpio_values req;
    int expect_input, expect_output;
};

static const struct values_case values_cases[] = {
    {"enabled input line", 4, 0x1, 0x0, {.mask = 0x1}, OK, EINV},
    {"enabled output line", 4, 0x2, 0x2, {.mask = 0x2}, OK, OK},
    {"input and output lines together", 4, 0x3, 0x2, {.mask = 0x3}, OK, EINV},
    {"line never enabled", 4, 0x1, 0x0, {.mask = 0x4}, EINV, EINV},
    {"one enabled, one not", 4, 0x1, 0x1, {.mask = 0x3}, EINV, EINV},
    {"output bit left but line no longer enabled",
     4,
     0x0,
     0x2,
     {.mask = 0x2},
     EINV,
     EINV},
    {"empty mask", 4, 0xf, 0xf, {.mask = 0}, EINV, EINV},
    {"line outside a 4-line device", 4, 0xf, 0xf, {.mask = 0x10}, EINV, EINV},
    {"line 63 of a 64-line device",
     64,
     1ULL << 63,
     1ULL << 63,
     {.mask = 1ULL << 63},
     OK,
     OK},
    {"every line of a 64-line device",
     64,
     ~0ULL,
     ~0ULL,
     {.mask = ~0ULL},
     OK,
     OK},
    {"line 63 of a 63-line device",
     63,
     ~0ULL,
     ~0ULL,
     {.mask = 1ULL << 63},
     EINV,
     EINV},
    {"line 1 of a 1-line device", 1, ~0ULL, ~0ULL, {.mask = 2}, EINV, EINV},
    {"non-zero pad0", 4, 0xf, 0xf, {.mask = 1, .pad0 = 1}, EINV, EINV},
    {"values outside mask are ignored",
     4,
     0x1,
     0x1,
     {.mask = 1, .values = ~0ULL},
     OK,
     OK},
};

Test(gpio_validate, input_table)
{
    for (size_t k = 0; k < sizeof values_cases / sizeof values_cases[0]; k++) {
        const struct values_case *c = &values_cases[k];
        const struct gpio_dev *d =
            mkdev(c->nlines, P_BOTH, c->enabled, c->outputs);
        const char *why = NULL;
        int rc = gpio_validate_input(d, &c->req, &why);
        cr_expect_eq(rc, c->expect_input, "%s: got %d (%s)", c->desc, rc,
                     why ? why : "-");
    }
}

Test(gpio_validate, output_table)
{
    for (size_t k = 0; k < sizeof values_cases / sizeof values_cases[0]; k++) {
        const struct values_case *c = &values_cases[k];
        const struct gpio_dev *d =
            mkdev(c->nlines, P_BOTH, c->enabled, c->outputs);
        const char *why = NULL;
        int rc = gpio_validate_output(d, &c->req, &why);
        cr_expect_eq(rc, c->expect_output, "%s: got %d (%s)", c->desc, rc,
                     why ? why : "-");
    }
}

/* --- clear -------------------------------------------------------------- */

struct clear_case {
    const char *desc;
    unsigned nlines;
    uint64_t enabled;
    struct pv_hc_gpio_clear req;
    int expect;
};

static const struct clear_case clear_cases[] = {
    {"enabled line", 4, 0x1, {.mask = 0x1}, OK},
    {"line never enabled is fine", 4, 0x0, {.mask = 0x8}, OK},
    {"every line of a 64-line device", 64, 0, {.mask = ~0ULL}, OK},
    {"line 63 of a 63-line device", 63, 0, {.mask = 1ULL << 63}, EINV},
    {"line outside a 4-line device", 4, 0xf, {.mask = 0x1f}, EINV},
    {"empty mask", 4, 0xf, {.mask = 0}, EINV},
    {"non-zero pad0", 4, 0xf, {.mask = 1, .pad0 = 2}, EINV},
};

Test(gpio_validate, clear_table)
{
    for (size_t k = 0; k < sizeof clear_cases / sizeof clear_cases[0]; k++) {
        const struct clear_case *c = &clear_cases[k];
        const struct gpio_dev *d = mkdev(c->nlines, P_BOTH, c->enabled, 0);
        const char *why = NULL;
        int rc = gpio_validate_clear(d, &c->req, &why);
        cr_expect_eq(rc, c->expect, "%s: got %d (%s)", c->desc, rc,
                     why ? why : "-");
    }
}

/* --- sequence ------------------------------------------------------------ */

/* Device for the sequence table: 4 lines, 0 and 1 outputs, 2 an input. */
#define SEQ_ENABLED 0x7u
#define SEQ_OUTPUTS 0x3u
#define MAXD PV_GPIO_SEQ_MAX_DELAY_NS

static const struct pv_gpio_step seq_good[] = {
    {.mask = 0x1, .values = 0x1, .delay_ns = 0},
    {.mask = 0x3, .values = 0x2, .delay_ns = 1000},
    {.mask = 0x0, .values = 0x0, .delay_ns = MAXD},
    {.mask = 0x2, .values = ~0ULL, .delay_ns = 1},
};
static const struct pv_gpio_step seq_empty_mask[] = {
    {.mask = 0, .values = 0, .delay_ns = 5000},
};
static const struct pv_gpio_step seq_input_line[] = {
    {.mask = 0x1, .values = 1, .delay_ns = 0},
    {.mask = 0x4, .values = 4, .delay_ns = 0},
};
static const struct pv_gpio_step seq_not_enabled[] = {
    {.mask = 0x8, .values = 0, .delay_ns = 0},
};
static const struct pv_gpio_step seq_outside[] = {
    {.mask = 0x10, .values = 0, .delay_ns = 0},
};
static const struct pv_gpio_step seq_bit63[] = {
    {.mask = 1ULL << 63, .values = 0, .delay_ns = 0},
};
static const struct pv_gpio_step seq_delay_max[] = {
    {.mask = 0x1, .values = 0, .delay_ns = MAXD},
};
static const struct pv_gpio_step seq_delay_over[] = {
    {.mask = 0x1, .values = 0, .delay_ns = 0},
    {.mask = 0x1, .values = 0, .delay_ns = MAXD + 1},
};
static const struct pv_gpio_step seq_delay_huge[] = {
    {.mask = 0, .values = 0, .delay_ns = UINT64_MAX},
};
/* Empty-mask, zero-delay steps: only the count matters. */
static struct pv_gpio_step seq_many[PV_GPIO_SEQ_MAX_STEPS + 1];

struct seq_case {
    const char *desc;
    const struct pv_gpio_step *steps;
    uint32_t n;
    int expect;
};

#define SEQ(desc, arr, expect)                                                 \
    {                                                                          \
        desc, arr, sizeof arr / sizeof arr[0], expect                          \
    }

static const struct seq_case seq_cases[] = {
    SEQ("outputs, waits and an empty step", seq_good, OK),
    SEQ("one empty-mask step (a pure wait)", seq_empty_mask, OK),
    SEQ("a step writing an input line", seq_input_line, EINV),
    SEQ("a step writing a line never enabled", seq_not_enabled, EINV),
    SEQ("a step writing a line outside the device", seq_outside, EINV),
    SEQ("a step writing line 63", seq_bit63, EINV),
    SEQ("delay exactly the maximum", seq_delay_max, OK),
    SEQ("delay one over the maximum", seq_delay_over, EINV),
    SEQ("delay UINT64_MAX on an empty step", seq_delay_huge, EINV),
    {"zero steps", seq_good, 0, EINV},
    {"exactly the maximum of steps", seq_many, PV_GPIO_SEQ_MAX_STEPS, OK},
    {"one step over the maximum", seq_many, PV_GPIO_SEQ_MAX_STEPS + 1, EINV},
    {"UINT32_MAX steps", seq_many, UINT32_MAX, EINV},
};

Test(gpio_validate, sequence_table)
{
    const struct gpio_dev *d = mkdev(4, P_BOTH, SEQ_ENABLED, SEQ_OUTPUTS);
    for (size_t k = 0; k < sizeof seq_cases / sizeof seq_cases[0]; k++) {
        const struct seq_case *c = &seq_cases[k];
        const char *why = NULL;
        int rc = gpio_validate_sequence(d, c->steps, c->n, &why);
        cr_expect_eq(rc, c->expect, "%s: got %d (%s)", c->desc, rc,
                     why ? why : "-");
    }
}

/* --- specific reasons ---------------------------------------------------- */

static void expect_flags_reason(uint32_t flags, uint32_t db, uint32_t perms,
                                const char *reason)
{
    const char *why = NULL;
    cr_assert_eq(gpio_validate_flags(flags, db, perms, &why), EINV,
                 "flags %#x accepted", flags);
    cr_assert_str_eq(why, reason, "flags %#x", flags);
}

Test(gpio_validate, each_flag_rule_gives_its_own_reason)
{
    expect_flags_reason(IN | 0x400u, 0, P_BOTH, "unknown flag bits");
    expect_flags_reason(IN | OUT, 0, P_BOTH, "INPUT and OUTPUT together");
    expect_flags_reason(PU, 0, P_BOTH,
                        "no direction: INPUT or OUTPUT is required");
    expect_flags_reason(IN, 0, P_OUT, "input direction not granted");
    expect_flags_reason(OUT, 0, P_IN, "output direction not granted");
    expect_flags_reason(OUT | RISE, 0, P_BOTH, "edge detection needs INPUT");
    expect_flags_reason(OUT | OD | OS, 0, P_BOTH,
                        "OPEN_DRAIN and OPEN_SOURCE together");
    expect_flags_reason(IN | OS, 0, P_BOTH, "drive flags need OUTPUT");
    expect_flags_reason(IN | PU | PD, 0, P_BOTH, "more than one bias flag");
    expect_flags_reason(OUT, 5, P_BOTH, "debounce needs INPUT");
    expect_flags_reason(IN, DB_MAX + 1, P_BOTH, "debounce period too long");
}

Test(gpio_validate, unknown_bits_reported_before_direction_conflict)
{
    const char *why = NULL;
    gpio_validate_flags(IN | OUT | 0x1000u, 0, 0, &why);
    cr_assert_str_eq(why, "unknown flag bits");
}

Test(gpio_validate, set_rejects_padding_before_looking_at_mask)
{
    const struct gpio_dev *d = mkdev(4, P_BOTH, 0, 0);
    struct pv_hc_gpio_set r = {.mask = 0, .flags = IN, .pad0 = 1};
    const char *why = NULL;
    cr_assert_eq(gpio_validate_set(d, &r, &why), EINV);
    cr_assert_str_eq(why, "non-zero padding");
}

Test(gpio_validate, set_rejects_line_outside_device_with_reason)
{
    const struct gpio_dev *d = mkdev(8, P_BOTH, 0, 0);
    struct pv_hc_gpio_set r = {.mask = 0x100, .flags = IN};
    const char *why = NULL;
    cr_assert_eq(gpio_validate_set(d, &r, &why), EINV);
    cr_assert_str_eq(why, "line outside the device");
    r.mask = 0;
    cr_assert_eq(gpio_validate_set(d, &r, &why), EINV);
    cr_assert_str_eq(why, "empty line mask");
}

Test(gpio_validate, every_bit_of_mask_valid_for_64_line_device)
{
    const struct gpio_dev *d = mkdev(64, P_BOTH, 0, 0);
    for (unsigned i = 0; i < 64; i++) {
        struct pv_hc_gpio_set r = {.mask = 1ULL << i, .flags = IN};
        const char *why = NULL;
        cr_expect_eq(gpio_validate_set(d, &r, &why), OK, "line %u: %s", i,
                     why ? why : "-");
    }
}

Test(gpio_validate, only_bits_below_nlines_valid_for_each_size)
{
    for (unsigned n = 1; n < 64; n++) {
        const struct gpio_dev *d = mkdev(n, P_BOTH, 0, 0);
        const char *why = NULL;
        struct pv_hc_gpio_set last = {.mask = 1ULL << (n - 1), .flags = IN};
        struct pv_hc_gpio_set over = {.mask = 1ULL << n, .flags = IN};
        cr_expect_eq(gpio_validate_set(d, &last, &why), OK, "n=%u", n);
        cr_expect_eq(gpio_validate_set(d, &over, &why), EINV, "n=%u", n);
    }
}

Test(gpio_validate, input_rejected_on_line_not_enabled)
{
    const struct gpio_dev *d = mkdev(4, P_BOTH, 0x1, 0);
    struct pv_hc_gpio_values r = {.mask = 0x2};
    const char *why = NULL;
    cr_assert_eq(gpio_validate_input(d, &r, &why), EINV);
    cr_assert_str_eq(why, "line not enabled");
}

Test(gpio_validate, output_rejected_on_line_not_configured_as_output)
{
    const struct gpio_dev *d = mkdev(4, P_BOTH, 0x3, 0x2);
    struct pv_hc_gpio_values r = {.mask = 0x1, .values = 1};
    const char *why = NULL;
    cr_assert_eq(gpio_validate_output(d, &r, &why), EINV);
    cr_assert_str_eq(why, "line not configured as output");
    r.mask = 0x2;
    cr_assert_eq(gpio_validate_output(d, &r, &why), OK);
}

Test(gpio_validate, output_rejected_on_line_not_enabled)
{
    /* The outputs bit of a cleared line may linger: enabled decides. */
    const struct gpio_dev *d = mkdev(4, P_BOTH, 0x0, 0x1);
    struct pv_hc_gpio_values r = {.mask = 0x1};
    const char *why = NULL;
    cr_assert_eq(gpio_validate_output(d, &r, &why), EINV);
    cr_assert_str_eq(why, "line not configured as output");
}

Test(gpio_validate, clear_rejects_line_outside_device)
{
    const struct gpio_dev *d = mkdev(2, P_BOTH, 0x3, 0x3);
    struct pv_hc_gpio_clear r = {.mask = 0x4};
    const char *why = NULL;
    cr_assert_eq(gpio_validate_clear(d, &r, &why), EINV);
    cr_assert_str_eq(why, "line outside the device");
}

Test(gpio_validate, sequence_reasons)
{
    const struct gpio_dev *d = mkdev(4, P_BOTH, SEQ_ENABLED, SEQ_OUTPUTS);
    const char *why = NULL;
    cr_assert_eq(gpio_validate_sequence(d, seq_good, 0, &why), EINV);
    cr_assert_str_eq(why, "step count out of range");
    cr_assert_eq(
        gpio_validate_sequence(d, seq_many, PV_GPIO_SEQ_MAX_STEPS + 1, &why),
        EINV);
    cr_assert_str_eq(why, "step count out of range");
    cr_assert_eq(gpio_validate_sequence(d, seq_input_line, 2, &why), EINV);
    cr_assert_str_eq(why, "step writes a line not configured as output");
    cr_assert_eq(gpio_validate_sequence(d, seq_delay_over, 2, &why), EINV);
    cr_assert_str_eq(why, "step delay too long");
}

Test(gpio_validate, sequence_checks_the_last_step_too)
{
    static struct pv_gpio_step steps[PV_GPIO_SEQ_MAX_STEPS];
    const struct gpio_dev *d = mkdev(4, P_BOTH, SEQ_ENABLED, SEQ_OUTPUTS);
    for (unsigned i = 0; i < PV_GPIO_SEQ_MAX_STEPS; i++)
        steps[i] = (struct pv_gpio_step){.mask = 1, .values = i & 1};
    const char *why = NULL;
    cr_assert_eq(gpio_validate_sequence(d, steps, PV_GPIO_SEQ_MAX_STEPS, &why),
                 OK);
    steps[PV_GPIO_SEQ_MAX_STEPS - 1].mask = 0x4;
    cr_assert_eq(gpio_validate_sequence(d, steps, PV_GPIO_SEQ_MAX_STEPS, &why),
                 EINV);
    /* n bounds what is read: a bad step past n does not count. */
    cr_assert_eq(
        gpio_validate_sequence(d, steps, PV_GPIO_SEQ_MAX_STEPS - 1, &why), OK);
}

/* --- the ring's requests: the same rules, one place ----------------------- */

Test(gpio_validate, unknown_operations_are_refused)
{
    const struct gpio_dev *d = mkdev(8, P_BOTH, 0xff, 0xff);
    struct gpio_lines l = gpio_dev_lines(d);
    static const uint32_t ops[] = {0, GPIO_OP_READ_EVENT + 1, 99, UINT32_MAX};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        struct gpio_request r = {.op = ops[i], .mask = 1};
        const char *why = NULL;
        cr_expect_eq(gpio_validate(&l, &r, &why), EINV, "op %u", ops[i]);
        cr_expect_str_eq(why ? why : "", "unknown operation");
    }
}

Test(gpio_validate, padding_is_refused_for_every_operation)
{
    const struct gpio_dev *d = mkdev(8, P_BOTH, 0xff, 0xff);
    struct gpio_lines l = gpio_dev_lines(d);
    struct pv_gpio_step st = {.mask = 1};
    for (uint32_t op = GPIO_OP_SET; op <= GPIO_OP_READ_EVENT; op++) {
        struct gpio_request r = {.op = op,
                                 .mask = 1,
                                 .flags = op == GPIO_OP_SET ? OUT : 0,
                                 .nsteps = 1,
                                 .steps = &st,
                                 .pad = 1ULL << 63};
        const char *why = NULL;
        cr_expect_eq(gpio_validate(&l, &r, &why), EINV, "op %u", op);
        cr_expect_str_eq(why ? why : "", "non-zero padding", "op %u", op);
        r.pad = 0;
        cr_expect_eq(gpio_validate(&l, &r, &why), OK, "op %u: %s", op, why);
    }
}

Test(gpio_validate, output_takes_only_the_ordered_flag)
{
    const struct gpio_dev *d = mkdev(8, P_BOTH, 0xff, 0xff);
    struct gpio_lines l = gpio_dev_lines(d);
    struct gpio_request r = {
        .op = GPIO_OP_OUTPUT, .mask = 1, .flags = PV_GPIO_RING_F_ORDERED};
    const char *why = NULL;
    cr_expect_eq(gpio_validate(&l, &r, &why), OK);
    r.flags = 2;
    cr_expect_eq(gpio_validate(&l, &r, &why), EINV);
    cr_expect_str_eq(why ? why : "", "unknown output flag");
}

Test(gpio_validate, sequence_count_is_checked_before_any_step)
{
    const struct gpio_dev *d = mkdev(8, P_BOTH, 0xff, 0xff);
    struct gpio_lines l = gpio_dev_lines(d);
    /* steps == NULL: a count out of range must not look at them. */
    struct gpio_request r = {.op = GPIO_OP_SEQUENCE,
                             .nsteps = PV_GPIO_SEQ_MAX_STEPS + 1};
    const char *why = NULL;
    cr_assert_eq(gpio_validate(&l, &r, &why), EINV);
    cr_assert_str_eq(why, "step count out of range");
    r.nsteps = 0;
    cr_assert_eq(gpio_validate(&l, &r, &why), EINV);
}

Test(gpio_validate, a_step_is_checked_against_the_state_of_its_time)
{
    struct gpio_lines l = {
        .nlines = 4, .perms = P_BOTH, .enabled = 3, .outputs = 3};
    struct pv_gpio_step st = {.mask = 2, .values = 2};
    const char *why = NULL;
    cr_assert_eq(gpio_validate_step(&l, &st, &why), OK);
    l.enabled = 1; /* line 1 cleared meanwhile */
    cr_assert_eq(gpio_validate_step(&l, &st, &why), EINV);
    cr_assert_str_eq(why, "step writes a line not configured as output");
}

/* --- the kernel's limit of 10 line attributes --------------------------- */

/* Lines 0..9 of a 12-line device in 10 distinct input configurations. */
static const struct gpio_dev *ten_configs(void)
{
    mkdev(12, PV_GPIO_PERM_IN | PV_GPIO_PERM_OUT, 0x3ff, 0);
    for (unsigned i = 0; i < 10; i++)
        dev.cfg[i].flags = distinct[i];
    return &dev;
}

static int set_line(const struct gpio_dev *d, uint64_t mask, uint32_t flags,
                    uint32_t debounce_us, const char **why)
{
    struct pv_hc_gpio_set a = {
        .handle = 1, .mask = mask, .flags = flags, .debounce_us = debounce_us};
    return gpio_validate_set(d, &a, why);
}

Test(gpio_validate, ten_distinct_configurations_fit)
{
    const char *why = NULL;
    const struct gpio_dev *d = ten_configs();
    struct gpio_lines l = gpio_dev_lines(d);
    cr_assert_eq(gpio_line_attrs(l.cfg, l.nlines), 10);
    /* Line 10 like line 0: still ten. */
    cr_assert_eq(set_line(d, 1 << 10, distinct[0], 0, &why), PV_R_OK, "%s",
                 why);
    /* Line 9 gets a new configuration but gives up its own: ten. */
    cr_assert_eq(set_line(d, 1 << 9,
                          PV_GPIO_F_INPUT | PV_GPIO_F_ACTIVE_LOW |
                              PV_GPIO_F_BIAS_PULL_UP,
                          0, &why),
                 PV_R_OK, "%s", why);
}

Test(gpio_validate, eleven_distinct_configurations_refused)
{
    const char *why = NULL;
    const struct gpio_dev *d = ten_configs();
    uint32_t eleventh =
        PV_GPIO_F_INPUT | PV_GPIO_F_ACTIVE_LOW | PV_GPIO_F_BIAS_PULL_UP;
    cr_assert_eq(set_line(d, 1 << 10, eleventh, 0, &why), PV_R_EINVAL);
    cr_assert_str_eq(why,
                     "more than 10 distinct line configurations in the device");
    /* A debounce period is an attribute too. */
    cr_assert_eq(set_line(d, 1 << 10, distinct[0], 5, &why), PV_R_EINVAL);
    /* So are the output values: an output is a new flag set and values. */
    cr_assert_eq(set_line(d, 1 << 10, PV_GPIO_F_OUTPUT, 0, &why), PV_R_EINVAL);
    mkdev(12, PV_GPIO_PERM_IN | PV_GPIO_PERM_OUT, 0x1ff, 0);
    for (unsigned i = 0; i < 9; i++)
        dev.cfg[i].flags = distinct[i];
    cr_assert_eq(set_line(&dev, 1 << 10, PV_GPIO_F_OUTPUT, 0, &why),
                 PV_R_EINVAL, "9 + OUTPUT + its values are 11");
    cr_assert_eq(set_line(&dev, 1 << 10, distinct[9], 0, &why), PV_R_OK, "%s",
                 why);
}

/* The guest runtime has no line configurations: it does not count. */
Test(gpio_validate, attribute_limit_needs_the_configurations)
{
    const char *why = NULL;
    const struct gpio_dev *d = ten_configs();
    struct gpio_lines l = gpio_dev_lines(d);
    l.cfg = NULL;
    struct gpio_request r = {.op = GPIO_OP_SET,
                             .handle = 1,
                             .mask = 1 << 10,
                             .flags = PV_GPIO_F_INPUT | PV_GPIO_F_BIAS_PULL_UP |
                                      PV_GPIO_F_ACTIVE_LOW};
    cr_assert_eq(gpio_validate(&l, &r, &why), PV_R_OK, "%s", why);
}
