/* SPDX-License-Identifier: ISC */
/*
 * test_gpio_stimulus.c: the stimulus file parser (tender/gpio/stimulus.c).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tender/gpio/sim.h"

static struct gpio_stimulus s;
static char err[256];

static int parse(const char *text)
{
    memset(err, 0, sizeof err);
    return gpio_stimulus_parse(text, strlen(text), &s, err, sizeof err);
}

static void teardown(void)
{
    gpio_stimulus_free(&s);
}

TestSuite(gpio_stimulus, .fini = teardown);

/* Time of the single change in "TIME d.0 1". */
static uint64_t time_of(const char *t)
{
    char text[128];
    snprintf(text, sizeof text, "%s d.0 1\n", t);
    cr_assert_eq(parse(text), 0, "'%s': %s", t, err);
    cr_assert_eq(s.n, 1);
    uint64_t ns = s.changes[0].t_ns;
    gpio_stimulus_free(&s);
    return ns;
}

static void expect_time_rejected(const char *t)
{
    char text[128];
    snprintf(text, sizeof text, "%s d.0 1\n", t);
    cr_expect_eq(parse(text), -EINVAL, "'%s' accepted", t);
    char want[128];
    snprintf(want, sizeof want, "line 1: bad time '%s'", t);
    cr_expect(strncmp(err, want, strlen(want)) == 0, "'%s': got '%s'", t, err);
}

Test(gpio_stimulus, units_ns_us_ms_s)
{
    cr_assert_eq(time_of("7ns"), 7);
    cr_assert_eq(time_of("7us"), 7000);
    cr_assert_eq(time_of("7ms"), 7000000);
    cr_assert_eq(time_of("7s"), 7000000000ULL);
    cr_assert_eq(time_of("0ns"), 0);
    cr_assert_eq(time_of("0s"), 0);
}

Test(gpio_stimulus, decimals_scale_with_the_unit)
{
    cr_assert_eq(time_of("1.5ms"), 1500000);
    cr_assert_eq(time_of("2.25us"), 2250);
    cr_assert_eq(time_of("0.5s"), 500000000);
    cr_assert_eq(time_of("40.5ms"), 40500000);
    cr_assert_eq(time_of("1.000001ms"), 1000001);
    cr_assert_eq(time_of("0.000000001s"), 1, "9 decimals of a second");
    cr_assert_eq(time_of("1.123456789s"), 1123456789);
    cr_assert_eq(time_of("3.000ns"), 3, "trailing zeros are whole ns");
}

Test(gpio_stimulus, bad_times_rejected)
{
    expect_time_rejected("10");   /* no unit */
    expect_time_rejected("10xs"); /* bad unit */
    expect_time_rejected("10MS"); /* units are lower case */
    expect_time_rejected("ms");
    expect_time_rejected(".5ms");
    expect_time_rejected("1.ms");
    expect_time_rejected("-1ms");
    expect_time_rejected("1.5ns");         /* finer than a nanosecond */
    expect_time_rejected("0.0001us");      /* 0.1 ns */
    expect_time_rejected("1.1234567891s"); /* 10 decimals */
    expect_time_rejected("1.0000000000s"); /* 10 decimals, even zeros */
    expect_time_rejected("1e3ns");
    expect_time_rejected("99999999999999999999999s");
    expect_time_rejected("366000000s"); /* past the one-year limit */
}

Test(gpio_stimulus, values_0_1_and_z)
{
    cr_assert_eq(parse("1ns a.0 0\n2ns a.1 1\n3ns a.2 z\n"), 0, "%s", err);
    cr_assert_eq(s.n, 3);
    cr_assert_eq(s.changes[0].level, 0);
    cr_assert_eq(s.changes[1].level, 1);
    cr_assert_eq(s.changes[2].level, -1);
    cr_assert_eq(s.changes[2].line, 2);
}

Test(gpio_stimulus, device_names_collected_once_each)
{
    cr_assert_eq(parse("1ns button.0 1\n2ns led2.63 0\n3ns button.1 z\n"), 0,
                 "%s", err);
    cr_assert_eq(s.ndevs, 2);
    cr_assert_str_eq(s.devs[0], "button");
    cr_assert_str_eq(s.devs[1], "led2");
    cr_assert_eq(s.changes[0].dev, 0);
    cr_assert_eq(s.changes[1].dev, 1);
    cr_assert_eq(s.changes[1].line, 63);
    cr_assert_eq(s.changes[2].dev, 0);
    cr_assert_eq(s.changes[2].line, 1);
}

Test(gpio_stimulus, comments_blank_lines_and_whitespace_ignored)
{
    const char *text = "# a stimulus\n"
                       "\n"
                       "   \t  \n"
                       "  25ms\tbutton.0   1   # press\n"
                       "#40ms button.0 0\n"
                       "1s button.0 z#release\r\n"
                       "\n";
    cr_assert_eq(parse(text), 0, "%s", err);
    cr_assert_eq(s.n, 2);
    cr_assert_eq(s.changes[0].t_ns, 25000000);
    cr_assert_eq(s.changes[0].level, 1);
    cr_assert_eq(s.changes[1].t_ns, 1000000000ULL);
    cr_assert_eq(s.changes[1].level, -1);
}

Test(gpio_stimulus, empty_text_and_last_line_without_newline)
{
    cr_assert_eq(parse(""), 0, "%s", err);
    cr_assert_eq(s.n, 0);
    gpio_stimulus_free(&s);
    cr_assert_eq(parse("# nothing\n\n"), 0, "%s", err);
    cr_assert_eq(s.n, 0);
    gpio_stimulus_free(&s);
    cr_assert_eq(parse("5us d.3 1"), 0, "%s", err);
    cr_assert_eq(s.n, 1);
    cr_assert_eq(s.changes[0].t_ns, 5000);
}

Test(gpio_stimulus, out_of_order_lines_sorted_equal_times_keep_file_order)
{
    const char *text = "30ns a.0 1\n"
                       "10ns a.1 1\n"
                       "30ns a.2 0\n"
                       "10ns a.3 0\n"
                       "20ns a.4 z\n"
                       "10ns a.5 1\n";
    cr_assert_eq(parse(text), 0, "%s", err);
    cr_assert_eq(s.n, 6);
    static const struct {
        uint64_t t;
        unsigned line;
    } want[] = {{10, 1}, {10, 3}, {10, 5}, {20, 4}, {30, 0}, {30, 2}};
    for (size_t k = 0; k < 6; k++) {
        cr_expect_eq(s.changes[k].t_ns, want[k].t, "change %zu", k);
        cr_expect_eq(s.changes[k].line, want[k].line, "change %zu", k);
    }
}

Test(gpio_stimulus, many_changes_sorted_stably)
{
    /* 1000 changes (not a power of two), times from a small set. */
    enum { N = 1000 };
    char *text = malloc(N * 32);
    cr_assert_not_null(text);
    size_t k = 0;
    for (unsigned i = 0; i < N; i++) {
        unsigned t = (i * 7919u) % 13u;
        /* The line and value encode the file position. */
        k += (size_t)sprintf(text + k, "%uus d%u.%u %u\n", t, i / 128,
                             (i % 128) / 2, i % 2);
    }
    cr_assert_eq(parse(text), 0, "%s", err);
    free(text);
    cr_assert_eq(s.n, N);
    for (size_t j = 1; j < N; j++) {
        const struct gpio_stim_change *a = &s.changes[j - 1],
                                      *b = &s.changes[j];
        cr_assert(a->t_ns <= b->t_ns, "not sorted at %zu", j);
        if (a->t_ns == b->t_ns) {
            unsigned pa = a->dev * 128 + a->line * 2 + (unsigned)a->level;
            unsigned pb = b->dev * 128 + b->line * 2 + (unsigned)b->level;
            cr_assert(pa < pb, "equal times out of file order at %zu", j);
        }
    }
}

/* --- errors ------------------------------------------------------------------
 */

struct bad_case {
    const char *text;
    const char *msg; /* expected prefix of the reason */
};

static const struct bad_case bad_cases[] = {
    {"10xs d.0 1\n", "line 1: bad time '10xs'"},
    {"# c\n\n10ns d.0 1\n1.0123456789s d.0 1\n", "line 4: bad time"},
    {"1.5ns d.0 1\n", "line 1: bad time '1.5ns'"},
    {"10ns d 1\n", "line 1: bad line 'd' (DEVICE.INDEX)"},
    {"10ns .0 1\n", "line 1: bad line '.0'"},
    {"10ns d. 1\n", "line 1: bad line 'd.'"},
    {"10ns d.x 1\n", "line 1: bad line 'd.x'"},
    {"10ns d-1.0 1\n", "line 1: bad line 'd-1.0'"},
    {"10ns d.0.1 1\n", "line 1: bad line 'd.0.1'"},
    {"10ns d.100 1\n", "line 1: bad line 'd.100'"},
    {"1ns d.0 1\n2ns d.64 1\n", "line 2: bad line 'd.64'"},
    {"10ns d.0 2\n", "line 1: value must be 0, 1 or z"},
    {"10ns d.0 Z\n", "line 1: value must be 0, 1 or z"},
    {"10ns d.0 01\n", "line 1: value must be 0, 1 or z"},
    {"10ns d.0\n", "line 1: expected TIME DEV.LINE VALUE"},
    {"10ns\n", "line 1: expected TIME DEV.LINE VALUE"},
    {"\n\n10ns d.0 1 1\n", "line 3: expected TIME DEV.LINE VALUE"},
    {"10ns d.0 1 # ok\n10 ms d.0 1\n", "line 2: expected TIME DEV.LINE"},
};

Test(gpio_stimulus, errors_name_the_line)
{
    for (size_t k = 0; k < sizeof bad_cases / sizeof bad_cases[0]; k++) {
        const struct bad_case *c = &bad_cases[k];
        int rc = parse(c->text);
        cr_expect_eq(rc, -EINVAL, "case %zu accepted", k);
        cr_expect(strncmp(err, c->msg, strlen(c->msg)) == 0,
                  "case %zu: '%s' does not start with '%s'", k, err, c->msg);
        cr_expect_null(s.changes, "case %zu: changes kept on error", k);
        cr_expect_eq(s.n, 0);
        cr_expect_null(s.devs);
        cr_expect_eq(s.ndevs, 0);
        gpio_stimulus_free(&s);
    }
}

Test(gpio_stimulus, device_name_of_67_chars_accepted_68_rejected)
{
    char text[160];
    memset(text, 0, sizeof text);
    strcpy(text, "1ns ");
    memset(text + 4, 'n', 67);
    strcat(text, ".0 1\n");
    cr_assert_eq(parse(text), 0, "%s", err);
    cr_assert_eq(strlen(s.devs[0]), 67);
    gpio_stimulus_free(&s);
    memset(text, 0, sizeof text);
    strcpy(text, "1ns ");
    memset(text + 4, 'n', 68);
    strcat(text, ".0 1\n");
    cr_assert_eq(parse(text), -EINVAL);
    cr_assert(strncmp(err, "line 1: bad line", 16) == 0, "%s", err);
}

Test(gpio_stimulus, line_of_256_chars_rejected)
{
    char text[400];
    memset(text, ' ', 300);
    memcpy(text, "1ns d.0 1", 9);
    text[300] = '\n';
    text[301] = '\0';
    cr_assert_eq(parse(text), -EINVAL);
    cr_assert_str_eq(err, "line 1: too long");
}

Test(gpio_stimulus, free_is_idempotent)
{
    cr_assert_eq(parse("1ns d.0 1\n"), 0);
    gpio_stimulus_free(&s);
    cr_assert_null(s.changes);
    cr_assert_eq(s.n, 0);
    gpio_stimulus_free(&s);
}

Test(gpio_stimulus, nul_byte_is_an_error_naming_its_line)
{
    static const char text[] = "1ms d.0 1\n2ms d.0 0\n3ms d.\0 1\n4ms d.0 0\n";
    cr_assert_eq(
        gpio_stimulus_parse(text, sizeof text - 1, &s, err, sizeof err),
        -EINVAL);
    cr_assert_str_eq(err, "line 3: NUL byte");
    cr_assert_eq(s.n, 0, "nothing is kept on error");
}

Test(gpio_stimulus, text_after_the_length_is_not_read)
{
    static const char text[] = "1ms d.0 1\n2ms d.0 0\ngarbage";
    cr_assert_eq(gpio_stimulus_parse(text, 20, &s, err, sizeof err), 0, "%s",
                 err);
    cr_assert_eq(s.n, 2);
}

Test(gpio_stimulus, at_most_63_device_names)
{
    size_t cap = 70 * 16, k = 0;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    for (unsigned i = 0; i < 63; i++)
        k += (size_t)snprintf(text + k, cap - k, "1ms d%u.0 1\n", i);
    cr_assert_eq(gpio_stimulus_parse(text, k, &s, err, sizeof err), 0, "%s",
                 err);
    cr_assert_eq(s.ndevs, 63);
    gpio_stimulus_free(&s);
    k += (size_t)snprintf(text + k, cap - k, "1ms d63.0 1\n");
    cr_assert_eq(gpio_stimulus_parse(text, k, &s, err, sizeof err), -EINVAL);
    cr_assert_str_eq(err, "line 64: more than 63 device names");
    free(text);
}

/* Device "button" has lines GPIO4 and GPIO9; "led" is not a sim device. */
static int fake_lines(const char *dev, const char *line)
{
    if (strcmp(dev, "led") == 0)
        return -ENODEV;
    if (strcmp(dev, "button") != 0)
        return -ENODEV;
    if (strcmp(line, "GPIO4") == 0)
        return 0;
    if (strcmp(line, "GPIO9") == 0)
        return 1;
    return -ENOENT;
}

static int parse_named(const char *text)
{
    memset(err, 0, sizeof err);
    return gpio_stimulus_parse_named(text, strlen(text), fake_lines, &s, err,
                                     sizeof err);
}

Test(gpio_stimulus, line_names_resolve_to_device_indices)
{
    cr_assert_eq(parse_named("10ms button.GPIO9 1\n20ms button.0 0\n"
                             "30ms button.GPIO4 z\n"),
                 0, "%s", err);
    cr_assert_eq(s.n, 3);
    cr_assert_eq(s.ndevs, 1);
    cr_assert_eq(s.changes[0].line, 1);
    cr_assert_eq(s.changes[1].line, 0);
    cr_assert_eq(s.changes[2].line, 0);
    cr_assert_eq(s.changes[2].level, -1);
}

Test(gpio_stimulus, unknown_line_name_is_named)
{
    cr_assert_eq(parse_named("10ms button.0 1\n20ms button.GPIO5 1\n"),
                 -EINVAL);
    cr_assert_str_eq(err, "line 2: device 'button' has no line 'GPIO5'");
}

Test(gpio_stimulus, line_name_of_a_device_that_is_not_sim_is_refused)
{
    cr_assert_eq(parse_named("10ms led.GPIO4 1\n"), -EINVAL);
    cr_assert_str_eq(err, "line 1: device 'led' is not a sim GPIO device");
}

Test(gpio_stimulus, line_names_need_a_resolver)
{
    cr_assert_eq(parse("10ms button.GPIO4 1\n"), -EINVAL);
    cr_assert_str_eq(err, "line 1: bad line 'button.GPIO4' (DEVICE.INDEX)");
    cr_assert_eq(parse_named("10ms button.100 1\n"), -EINVAL);
    cr_assert_str_eq(err, "line 1: bad line 'button.100' (DEVICE.INDEX or "
                          "DEVICE.NAME)");
}
