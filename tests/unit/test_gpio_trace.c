/* SPDX-License-Identifier: ISC */
/*
 * test_gpio_trace.c: the VCD waveform trace (tender/gpio/trace.c). The
 * trace keeps static state; Criterion runs each test in its own process.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../tender/gpio/gpio.h"

static char path[64];
static char err[256];

static void setup(void)
{
    strcpy(path, "/tmp/pv-trace-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
}

static void teardown(void)
{
    unlink(path);
}

TestSuite(gpio_trace, .init = setup, .fini = teardown);

/* A backend that only knows levels: levels[i] of the device's priv. */
static char fake_level(struct gpio_dev *d, unsigned i)
{
    return ((const char *)d->priv)[i];
}

static const struct gpio_backend_ops level_ops = {
    .name = "levels",
    .level = fake_level,
};

static const struct gpio_backend_ops no_level_ops = {
    .name = "blind",
};

static struct gpio_dev *new_dev(const char *name, unsigned n,
                                const char *levels)
{
    struct gpio_dev *d = calloc(1, sizeof *d);
    cr_assert_not_null(d);
    snprintf(d->name, sizeof d->name, "%s", name);
    d->nlines = n;
    for (unsigned i = 0; i < n; i++)
        snprintf(d->line_names[i], GPIO_LINE_NAME_MAX, "GPIO%u", 17 + i);
    d->ops = levels ? &level_ops : &no_level_ops;
    d->priv = (void *)levels;
    d->trace_var = -1;
    d->poll_fd = -1;
    return d;
}

/* The whole trace file (caller frees). */
static char *slurp(void)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strdup(buf);
}

static const char *after(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    cr_assert_not_null(p, "'%s' not in trace:\n%s", needle, text);
    return p + strlen(needle);
}

Test(gpio_trace, vcd_header_declares_each_line_of_each_device)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    struct gpio_dev *led = new_dev("led", 2, "01");
    struct gpio_dev *btn = new_dev("button", 1, "z");
    gpio_trace_add_device(led);
    gpio_trace_add_device(btn);
    cr_assert_eq(led->trace_var, 0);
    cr_assert_eq(btn->trace_var, 2);
    strcpy(btn->line_names[0], "BTN");
    struct gpio_dev *devs[] = {led, btn};
    cr_assert_eq(gpio_trace_begin(5000, devs, 2), 0);
    gpio_trace_close(5000);

    char *t = slurp();
    cr_assert(strncmp(t, "$version pinvisor ", 18) == 0, "%s", t);
    const char *p = after(t, "$timescale 1ns $end\n");
    p = after(p, "$scope module pinvisor $end\n");
    p = after(p, "$scope module led $end\n"
                 "$var wire 1 ! GPIO17 $end\n"
                 "$var wire 1 \" GPIO18 $end\n"
                 "$upscope $end\n");
    p = after(p, "$scope module button $end\n"
                 "$var wire 1 # BTN $end\n"
                 "$upscope $end\n");
    cr_assert_str_eq(p, "$upscope $end\n"
                        "$enddefinitions $end\n"
                        "#0\n"
                        "$dumpvars\n"
                        "0!\n"
                        "1\"\n"
                        "z#\n"
                        "$end\n");
    free(t);
    free(led);
    free(btn);
}

Test(gpio_trace, changes_written_with_times_relative_to_t0)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    struct gpio_dev *d = new_dev("led", 2, "00");
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d};
    cr_assert(!gpio_trace_enabled(), "not before begin");
    cr_assert_eq(gpio_trace_begin(1000000, devs, 1), 0);
    cr_assert(gpio_trace_enabled());

    gpio_trace_change(d, 0, '1', 1000500);
    gpio_trace_change(d, 1, '1', 1000500); /* same time: one #line */
    gpio_trace_change(d, 1, '1', 1000600); /* same level: nothing */
    gpio_trace_change(d, 0, '0', 1000700);
    gpio_trace_change(d, 1, '0', 1000650); /* earlier: clamped to 700 */
    gpio_trace_change(d, 0, 'z', 1002000);
    gpio_trace_change(d, 0, 'z', 1003000); /* same level: nothing */
    gpio_trace_close(1005000);
    cr_assert(!gpio_trace_enabled(), "not after close");
    cr_assert_eq(gpio_trace_fd(), -1);

    char *t = slurp();
    const char *p = after(t, "$enddefinitions $end\n");
    cr_assert_str_eq(p, "#0\n"
                        "$dumpvars\n"
                        "0!\n"
                        "0\"\n"
                        "$end\n"
                        "#500\n"
                        "1!\n"
                        "1\"\n"
                        "#700\n"
                        "0!\n"
                        "0\"\n"
                        "#2000\n"
                        "z!\n"
                        "#5000\n");
    free(t);
    free(d);
}

Test(gpio_trace, change_to_initial_level_not_written)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    struct gpio_dev *d = new_dev("led", 1, "1");
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_trace_begin(0, devs, 1), 0);
    gpio_trace_change(d, 0, '1', 100);
    gpio_trace_close(100);
    char *t = slurp();
    cr_assert_str_eq(after(t, "$dumpvars\n"), "1!\n$end\n#100\n");
    free(t);
    free(d);
}

Test(gpio_trace, close_earlier_than_last_change_adds_no_time)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    struct gpio_dev *d = new_dev("led", 1, "0");
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_trace_begin(10, devs, 1), 0);
    gpio_trace_change(d, 0, '1', 30);
    gpio_trace_close(20); /* earlier than the last change */
    char *t = slurp();
    cr_assert_str_eq(after(t, "$end\n#20\n1!\n"), "");
    free(t);
    free(d);
}

Test(gpio_trace, backend_without_levels_starts_unknown)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    struct gpio_dev *d = new_dev("hw", 2, NULL);
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_trace_begin(0, devs, 1), 0);
    gpio_trace_close(0);
    char *t = slurp();
    cr_assert_str_eq(after(t, "$dumpvars\n"), "x!\nx\"\n$end\n");
    free(t);
    free(d);
}

Test(gpio_trace, changes_of_untraced_device_or_line_ignored)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    struct gpio_dev *d = new_dev("led", 1, "0");
    struct gpio_dev *other = new_dev("other", 1, "0"); /* never added */
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d, other};
    cr_assert_eq(gpio_trace_begin(0, devs, 2), 0);
    gpio_trace_change(other, 0, '1', 10);
    gpio_trace_change(d, 1, '1', 20); /* no line 1 */
    gpio_trace_close(0);
    char *t = slurp();
    cr_assert_null(strstr(t, "other"), "%s", t);
    cr_assert_str_eq(after(t, "$dumpvars\n"), "0!\n$end\n");
    free(t);
    free(d);
    free(other);
}

Test(gpio_trace, identifiers_unique_across_many_lines)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    enum { NDEV = 3 };
    struct gpio_dev *devs[NDEV];
    static char levels[64];
    memset(levels, '0', sizeof levels);
    for (int k = 0; k < NDEV; k++) {
        char name[16];
        snprintf(name, sizeof name, "d%d", k);
        devs[k] = new_dev(name, 64, levels);
        gpio_trace_add_device(devs[k]);
        cr_assert_eq(devs[k]->trace_var, 64 * k);
    }
    cr_assert_eq(gpio_trace_begin(0, devs, NDEV), 0);
    gpio_trace_close(0);
    char *t = slurp();
    static char ids[NDEV * 64][8];
    int n = 0;
    for (const char *p = t; (p = strstr(p, "$var wire 1 ")) != NULL;) {
        p += strlen("$var wire 1 ");
        const char *sp = strchr(p, ' ');
        cr_assert_not_null(sp);
        cr_assert_lt(sp - p, 8);
        cr_assert_lt(n, NDEV * 64);
        memcpy(ids[n], p, (size_t)(sp - p));
        ids[n][sp - p] = '\0';
        for (int j = 0; j < n; j++)
            cr_assert_str_neq(ids[j], ids[n], "id '%s' used twice", ids[n]);
        n++;
    }
    cr_assert_eq(n, NDEV * 64);
    free(t);
    for (int k = 0; k < NDEV; k++)
        free(devs[k]);
}

Test(gpio_trace, no_trace_without_open)
{
    struct gpio_dev *d = new_dev("led", 1, "0");
    gpio_trace_add_device(d);
    cr_assert_eq(d->trace_var, -1);
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_trace_begin(0, devs, 1), 0);
    cr_assert(!gpio_trace_enabled());
    gpio_trace_change(d, 0, '1', 10);
    gpio_trace_close(10);
    cr_assert_eq(gpio_trace_fd(), -1);
    free(d);
}

Test(gpio_trace, open_failure_reported)
{
    int rc = gpio_trace_open("/nonexistent-dir/x.vcd", err, sizeof err);
    cr_assert_eq(rc, -ENOENT);
    cr_assert(strstr(err, "cannot create /nonexistent-dir/x.vcd"), "%s", err);
    cr_assert(!gpio_trace_enabled());
}

Test(gpio_trace, device_output_changes_reach_the_trace)
{
    struct gpio_sim_chip *c = gpio_sim_new();
    cr_assert_not_null(c);
    struct gpio_dev *d = new_dev("led", 1, NULL);
    d->ops = NULL;
    d->priv = NULL;
    d->offsets[0] = 4;
    d->perms = PV_GPIO_PERM_IN | PV_GPIO_PERM_OUT;
    cr_assert_eq(gpio_sim_open(c, d), 0);
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_trace_begin(gpio_now_ns(), devs, 1), 0);
    cr_assert_eq(gpio_dev_set(d, 1, PV_GPIO_F_OUTPUT, 0, 1), PV_R_OK);
    cr_assert_eq(gpio_dev_output(d, 1, 0), PV_R_OK);
    gpio_trace_close(gpio_now_ns());
    char *t = slurp();
    const char *p = after(t, "$var wire 1 ! GPIO4 $end\n");
    p = after(p, "$dumpvars\n0!\n$end\n");
    p = after(p, "1!\n");
    p = after(p, "0!\n");
    free(t);
    free(d);
    gpio_sim_free(c);
}

/* Backends report input levels to the device layer, which traces them. */
Test(gpio_trace, input_levels_reach_the_trace_through_the_device_layer)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    struct gpio_dev *d = new_dev("b", 1, "0");
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_trace_begin(1000, devs, 1), 0);
    gpio_dev_input_level(d, 0, '1', 1500);
    gpio_trace_close(2000);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    char text[2048] = "";
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    cr_assert(strstr(text, "#500\n1!\n") != NULL, "%s", text);
    free(d);
}
