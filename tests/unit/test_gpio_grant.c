/* SPDX-License-Identifier: ISC */
/*
 * test_gpio_grant.c: the --gpio:NAME=CHIP:LINES[:OPTIONS] parser
 * (tender/gpio/grant.c).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../../tender/gpio/grant.h"

#define BOTH (PV_GPIO_PERM_IN | PV_GPIO_PERM_OUT)

static struct gpio_grant g;
static char err[256];

static int parse(const char *spec)
{
    memset(err, 0, sizeof err);
    return gpio_grant_parse(spec, &g, err, sizeof err);
}

Test(gpio_grant, sim_line_by_offset_with_defaults)
{
    cr_assert_eq(parse("led=sim:0"), 0, "%s", err);
    cr_assert_str_eq(g.name, "led");
    cr_assert_str_eq(g.chip, "sim");
    cr_assert_eq(g.nlines, 1);
    cr_assert_str_eq(g.lines[0], "0");
    cr_assert_eq(g.perms, BOTH, "default is inout");
    cr_assert_eq(g.safe, GPIO_SAFE_LOW, "default is safe=0");
}

Test(gpio_grant, sim_lines_by_name_input_only)
{
    cr_assert_eq(parse("b=sim:GPIO17,GPIO27:in"), 0, "%s", err);
    cr_assert_str_eq(g.name, "b");
    cr_assert_str_eq(g.chip, "sim");
    cr_assert_eq(g.nlines, 2);
    cr_assert_str_eq(g.lines[0], "GPIO17");
    cr_assert_str_eq(g.lines[1], "GPIO27");
    cr_assert_eq(g.perms, PV_GPIO_PERM_IN);
    cr_assert_eq(g.safe, GPIO_SAFE_LOW);
}

Test(gpio_grant, device_path_output_only_safe_high)
{
    cr_assert_eq(parse("x=/dev/gpiochip0:17,27:out,safe=1"), 0, "%s", err);
    cr_assert_str_eq(g.name, "x");
    cr_assert_str_eq(g.chip, "/dev/gpiochip0");
    cr_assert_eq(g.nlines, 2);
    cr_assert_str_eq(g.lines[0], "17");
    cr_assert_str_eq(g.lines[1], "27");
    cr_assert_eq(g.perms, PV_GPIO_PERM_OUT);
    cr_assert_eq(g.safe, GPIO_SAFE_HIGH);
}

Test(gpio_grant, label_line_name_inout_safe_input)
{
    cr_assert_eq(parse("y=mylabel:LED_RED:inout,safe=z"), 0, "%s", err);
    cr_assert_str_eq(g.name, "y");
    cr_assert_str_eq(g.chip, "mylabel");
    cr_assert_eq(g.nlines, 1);
    cr_assert_str_eq(g.lines[0], "LED_RED");
    cr_assert_eq(g.perms, BOTH);
    cr_assert_eq(g.safe, GPIO_SAFE_INPUT);
}

Test(gpio_grant, options_in_any_order)
{
    cr_assert_eq(parse("y=gpiochip1:3:safe=0,in"), 0, "%s", err);
    cr_assert_eq(g.perms, PV_GPIO_PERM_IN);
    cr_assert_eq(g.safe, GPIO_SAFE_LOW);
    cr_assert_str_eq(g.chip, "gpiochip1");
}

Test(gpio_grant, line_names_may_use_dash_dot_underscore_slash)
{
    cr_assert_eq(parse("y=c:P9_12,gpio-a.b/c"), 0, "%s", err);
    cr_assert_eq(g.nlines, 2);
    cr_assert_str_eq(g.lines[1], "gpio-a.b/c");
}

/* "d=sim:0,1,...,n-1" */
static void lines_spec(char *buf, size_t len, unsigned n)
{
    int k = snprintf(buf, len, "d=sim:");
    for (unsigned i = 0; i < n; i++)
        k += snprintf(buf + k, len - (size_t)k, "%s%u", i ? "," : "", i);
}

Test(gpio_grant, sixty_four_lines_accepted)
{
    char spec[512];
    lines_spec(spec, sizeof spec, 64);
    cr_assert_eq(parse(spec), 0, "%s", err);
    cr_assert_eq(g.nlines, 64);
    cr_assert_str_eq(g.lines[0], "0");
    cr_assert_str_eq(g.lines[63], "63");
}

Test(gpio_grant, name_of_67_chars_accepted)
{
    char spec[128];
    memset(spec, 'a', 67);
    strcpy(spec + 67, "=sim:0");
    cr_assert_eq(parse(spec), 0, "%s", err);
    cr_assert_eq(strlen(g.name), 67);
}

Test(gpio_grant, line_name_of_31_chars_accepted_32_rejected)
{
    char spec[128] = "d=c:";
    memset(spec + 4, 'L', 31);
    spec[4 + 31] = '\0';
    cr_assert_eq(parse(spec), 0, "%s", err);
    cr_assert_eq(strlen(g.lines[0]), 31);
    strcat(spec, "L");
    cr_assert_eq(parse(spec), -EINVAL);
    cr_assert(strstr(err, "too long"), "%s", err);
}

Test(gpio_grant, chip_of_63_chars_accepted_64_rejected)
{
    char spec[128] = "d=";
    memset(spec + 2, 'c', 63);
    strcpy(spec + 2 + 63, ":1");
    cr_assert_eq(parse(spec), 0, "%s", err);
    cr_assert_eq(strlen(g.chip), 63);
    memset(spec + 2, 'c', 64);
    strcpy(spec + 2 + 64, ":1");
    cr_assert_eq(parse(spec), -EINVAL);
    cr_assert(strstr(err, "chip name"), "%s", err);
}

/* --- bad grants ----------------------------------------------------------- */

struct bad_case {
    const char *spec;
    const char *msg; /* expected substring of the reason */
};

static const struct bad_case bad_cases[] = {
    {"led", "expected NAME=CHIP:LINES"},
    {"", "expected NAME=CHIP:LINES"},
    {"=sim:0", "device name must be 1..67 letters and digits"},
    {"le-d=sim:0", "device name must be 1..67 letters and digits"},
    {"le_d=sim:0", "device name must be 1..67 letters and digits"},
    {"le d=sim:0", "device name must be 1..67 letters and digits"},
    {"led=sim", "expected CHIP:LINES after '='"},
    {"led=:0", "empty or too long chip name"},
    {"led=sim:", "no lines given"},
    {"led=sim::in", "no lines given"},
    {"led=sim:0,,1", "empty or too long line"},
    {"led=sim:0,", "empty or too long line"},
    {"led=sim:,0", "empty or too long line"},
    {"led=sim:0,1,0", "line '0' given twice"},
    {"led=sim:GPIO1,GPIO1", "line 'GPIO1' given twice"},
    {"led=sim:0,a b", "bad character ' ' in line 'a b'"},
    {"led=sim:LED=1", "bad character '=' in line 'LED=1'"},
    {"led=sim:L@D", "bad character '@' in line 'L@D'"},
    {"led=sim:0:fast", "unknown option 'fast'"},
    {"led=sim:0:IN", "unknown option 'IN'"},
    {"led=sim:0:in,out", "more than one direction option"},
    {"led=sim:0:inout,in", "more than one direction option"},
    {"led=sim:0:safe=2", "safe= takes 0, 1 or z, not '2'"},
    {"led=sim:0:safe=", "safe= takes 0, 1 or z, not ''"},
    {"led=sim:0:safe=0,safe=1", "more than one safe= option"},
    {"led=sim:0:in,", "trailing ',' in options"},
    {"led=sim:0:,in", "empty or unknown option"},
    {"led=sim:0:in,,out", "empty or unknown option"},
    {"led=sim:0:", "empty options after ':'"},
    {"led=sim:0:in:out", "unknown option 'in:out'"},
    {"led=sim:0:averyveryverylongoption", "empty or unknown option"},
};

Test(gpio_grant, bad_grants_rejected_with_reason)
{
    for (size_t k = 0; k < sizeof bad_cases / sizeof bad_cases[0]; k++) {
        const struct bad_case *c = &bad_cases[k];
        int rc = parse(c->spec);
        cr_expect_eq(rc, -EINVAL, "'%s' gave %d", c->spec, rc);
        cr_expect(strstr(err, c->msg) != NULL,
                  "'%s': reason '%s' does not contain '%s'", c->spec, err,
                  c->msg);
    }
}

Test(gpio_grant, name_of_68_chars_rejected)
{
    char spec[128];
    memset(spec, 'a', 68);
    strcpy(spec + 68, "=sim:0");
    cr_assert_eq(parse(spec), -EINVAL);
    cr_assert_str_eq(err, "device name must be 1..67 letters and digits");
}

Test(gpio_grant, sixty_five_lines_rejected)
{
    char spec[512];
    lines_spec(spec, sizeof spec, 65);
    cr_assert_eq(parse(spec), -EINVAL);
    cr_assert_str_eq(err, "more than 64 lines");
}

Test(gpio_grant, reason_is_truncated_to_err_buffer)
{
    char small[8];
    memset(small, 'X', sizeof small);
    cr_assert_eq(gpio_grant_parse("led=sim:0:bogus", &g, small, sizeof small),
                 -EINVAL);
    cr_assert_eq(small[sizeof small - 1], '\0');
    cr_assert_eq(strlen(small), sizeof small - 1);
}

Test(gpio_grant, earlier_result_cleared_by_next_parse)
{
    cr_assert_eq(parse("a=sim:1,2,3:in,safe=z"), 0);
    cr_assert_eq(parse("b=sim:4"), 0);
    cr_assert_eq(g.nlines, 1);
    cr_assert_str_eq(g.lines[1], "");
    cr_assert_eq(g.perms, BOTH);
    cr_assert_eq(g.safe, GPIO_SAFE_LOW);
}

Test(gpio_grant, offsets_are_canonical_32_bit_numbers)
{
    cr_assert_eq(parse("d=c:0,4294967295"), 0, "%s", err);
    cr_assert_eq(parse("d=sim:00"), -EINVAL);
    cr_assert_str_eq(err, "line offset '00' has a leading zero");
    cr_assert_eq(parse("d=c:017"), -EINVAL);
    cr_assert_str_eq(err, "line offset '017' has a leading zero");
    cr_assert_eq(parse("d=c:4294967296"), -EINVAL);
    cr_assert_str_eq(err, "line offset '4294967296' is out of range");
    cr_assert_eq(parse("d=c:99999999999999999999"), -EINVAL);
    cr_assert_str_eq(err, "line offset '99999999999999999999' is out of range");
    cr_assert_eq(parse("d=c:GPIO00"), 0, "names are not offsets: %s", err);
}
