/* SPDX-License-Identifier: ISC */
/*
 * test_gpio_sim.c: the simulated GPIO chip (tender/gpio/sim.c), driven
 * through its backend operations as the device layer would, with
 * gpio_sim_drive / gpio_sim_advance standing in for the stimulus and time.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tender/gpio/sim.h"

#define IN PV_GPIO_F_INPUT
#define OUT PV_GPIO_F_OUTPUT
#define AL PV_GPIO_F_ACTIVE_LOW
#define RISE PV_GPIO_F_EDGE_RISING
#define FALL PV_GPIO_F_EDGE_FALLING
#define BOTH_EDGES (RISE | FALL)

static struct gpio_sim_chip *chip;

static void setup(void)
{
    chip = gpio_sim_new();
    cr_assert_not_null(chip);
}

static void teardown(void)
{
    gpio_sim_free(chip);
}

#include "gpio_ops.h"

static void drive(struct gpio_sim_chip *c, unsigned off, int level, uint64_t t)
{
    changes.n = 0;
    gpio_sim_drive(c, off, level, t, &changes);
    gpio_dev_apply(&changes);
}

static uint64_t advance(struct gpio_sim_chip *c, uint64_t t)
{
    changes.n = 0;
    uint64_t next = gpio_sim_advance(c, t, &changes);
    gpio_dev_apply(&changes);
    return next;
}

TestSuite(gpio_sim, .init = setup, .fini = teardown);

/* A device named `name` on chip offsets offs[0..n-1], not opened. */
static struct gpio_dev *new_dev(const char *name, unsigned n,
                                const unsigned *offs)
{
    struct gpio_dev *d = calloc(1, sizeof *d);
    cr_assert_not_null(d);
    snprintf(d->name, sizeof d->name, "%s", name);
    d->nlines = n;
    for (unsigned i = 0; i < n; i++)
        d->offsets[i] = offs[i];
    d->trace_var = -1;
    d->poll_fd = -1;
    return d;
}

/* A device opened on the chip. */
static struct gpio_dev *open_dev(const char *name, unsigned n,
                                 const unsigned *offs)
{
    struct gpio_dev *d = new_dev(name, n, offs);
    int rc = gpio_sim_open(chip, d);
    cr_assert_eq(rc, 0, "gpio_sim_open: %d", rc);
    cr_assert_not_null(d->ops);
    return d;
}

/* Configures line i of d (the others keep d->cfg) with output values v. */
static void config(struct gpio_dev *d, unsigned i, uint32_t flags,
                   uint32_t debounce_us, uint64_t v)
{
    d->cfg[i].flags = flags;
    d->cfg[i].debounce_us = debounce_us;
    cr_assert_eq(cfg_op(d, d->cfg, v), 0);
}

static uint64_t get(struct gpio_dev *d, uint64_t mask)
{
    uint64_t v = 0xdeadbeef;
    cr_assert_eq(get_op(d, mask, &v), 0);
    return v;
}

static bool pop(struct gpio_dev *d, struct pv_gpio_event *ev)
{
    return gpio_dev_pop_event(d, ev);
}

static void expect_event(struct gpio_dev *d, uint64_t t, uint32_t line,
                         uint32_t edge, uint32_t seqno, uint32_t line_seqno)
{
    struct pv_gpio_event ev;
    cr_assert(pop(d, &ev), "no event (wanted one at %llu)",
              (unsigned long long)t);
    cr_expect_eq(ev.timestamp_ns, t, "timestamp %llu, wanted %llu",
                 (unsigned long long)ev.timestamp_ns, (unsigned long long)t);
    cr_expect_eq(ev.line, line, "line %u, wanted %u", ev.line, line);
    cr_expect_eq(ev.edge, edge, "edge %u, wanted %u", ev.edge, edge);
    cr_expect_eq(ev.seqno, seqno, "seqno %u, wanted %u", ev.seqno, seqno);
    cr_expect_eq(ev.line_seqno, line_seqno, "line_seqno %u, wanted %u",
                 ev.line_seqno, line_seqno);
}

static void expect_no_event(struct gpio_dev *d)
{
    struct pv_gpio_event ev = {0};
    cr_assert_not(pop(d, &ev), "unexpected event: t=%llu line %u edge %u",
                  (unsigned long long)ev.timestamp_ns, ev.line, ev.edge);
}

/* --- open, lookup -------------------------------------------------------- */

Test(gpio_sim, open_sets_ops_names_and_no_poll_fd)
{
    unsigned offs[] = {17, 3};
    struct gpio_dev *d = new_dev("dev", 2, offs);
    d->poll_fd = 42;
    cr_assert_eq(gpio_sim_open(chip, d), 0);
    cr_assert_str_eq(d->ops->name, "sim");
    cr_assert_str_eq(d->line_names[0], "GPIO17");
    cr_assert_str_eq(d->line_names[1], "GPIO3");
    cr_assert_eq(d->poll_fd, -1);
    free(d);
}

Test(gpio_sim, line_cannot_be_opened_by_two_devices)
{
    unsigned a[] = {5}, b[] = {6, 5}, c[] = {6};
    struct gpio_dev *d1 = open_dev("a", 1, a);
    struct gpio_dev *d2 = new_dev("b", 2, b);
    cr_assert_eq(gpio_sim_open(chip, d2), -EBUSY);
    cr_assert_null(d2->ops, "a failed open leaves the device alone");
    /* Nothing of the failed open was kept: line 6 is still free. */
    struct gpio_dev *d3 = open_dev("c", 1, c);
    free(d1);
    free(d2);
    free(d3);
}

/* One chip line granted twice in one device (--gpio:b=sim:17,GPIO17,
 * which the grant parser cannot see as a repeat) is refused with -EBUSY,
 * as a line held by another device is. */
Test(gpio_sim, same_chip_line_twice_in_one_device_rejected)
{
    unsigned offs[] = {17, 17};
    struct gpio_dev *d = new_dev("b", 2, offs);
    cr_expect_eq(gpio_sim_open(chip, d), -EBUSY);
    free(d);
}

Test(gpio_sim, line_free_again_after_close)
{
    unsigned offs[] = {9};
    struct gpio_dev *d1 = open_dev("a", 1, offs);
    config(d1, 0, OUT, 0, 1);
    d1->ops->close(d1);
    struct gpio_dev *d2 = open_dev("b", 1, offs);
    free(d1);
    free(d2);
}

Test(gpio_sim, offset_past_the_chip_rejected)
{
    unsigned offs[] = {1, 64};
    struct gpio_dev *d = new_dev("a", 2, offs);
    cr_assert_eq(gpio_sim_open(chip, d), -EINVAL);
    cr_assert_null(d->ops);
    free(d);
}

Test(gpio_sim, lookup_accepts_gpio_names_and_offsets)
{
    cr_assert_eq(gpio_sim_lookup(chip, "GPIO5"), 5);
    cr_assert_eq(gpio_sim_lookup(chip, "5"), 5);
    cr_assert_eq(gpio_sim_lookup(chip, "GPIO0"), 0);
    cr_assert_eq(gpio_sim_lookup(chip, "0"), 0);
    cr_assert_eq(gpio_sim_lookup(chip, "GPIO63"), 63);
    cr_assert_eq(gpio_sim_lookup(chip, "63"), 63);
}

Test(gpio_sim, lookup_rejects_unknown_names)
{
    cr_assert_eq(gpio_sim_lookup(chip, "GPIO64"), -ENOENT);
    cr_assert_eq(gpio_sim_lookup(chip, "64"), -ENOENT);
    cr_assert_eq(gpio_sim_lookup(chip, "GPIO05"), -ENOENT);
    cr_assert_eq(gpio_sim_lookup(chip, "05"), -ENOENT);
    cr_assert_eq(gpio_sim_lookup(chip, "x"), -ENOENT);
    cr_assert_eq(gpio_sim_lookup(chip, ""), -ENOENT);
    cr_assert_eq(gpio_sim_lookup(chip, "GPIO"), -ENOENT);
    cr_assert_eq(gpio_sim_lookup(chip, "GPIO100"), -ENOENT);
    cr_assert_eq(gpio_sim_lookup(chip, "gpio5"), -ENOENT);
    cr_assert_eq(gpio_sim_lookup(chip, "GPIO5x"), -ENOENT);
    cr_assert_eq(gpio_sim_lookup(chip, "-1"), -ENOENT);
}

/* --- outputs ----------------------------------------------------------------
 */

Test(gpio_sim, output_values_read_back)
{
    unsigned offs[] = {4, 7};
    struct gpio_dev *d = open_dev("o", 2, offs);
    d->cfg[0].flags = OUT;
    d->cfg[1].flags = OUT;
    cr_assert_eq(cfg_op(d, d->cfg, 0x2), 0);
    cr_assert_eq(get(d, 0x3), 0x2);
    cr_assert_eq(gpio_sim_level(chip, 4), 0);
    cr_assert_eq(gpio_sim_level(chip, 7), 1);
    cr_assert_eq(set_op(d, 0x3, 0x1), 0);
    cr_assert_eq(get(d, 0x3), 0x1);
    cr_assert_eq(get(d, 0x2), 0x0, "bits outside the mask are 0");
    cr_assert_eq(gpio_sim_level(chip, 4), 1);
    cr_assert_eq(gpio_sim_level(chip, 7), 0);
    /* set only touches the lines of its mask */
    cr_assert_eq(set_op(d, 0x2, 0x3), 0);
    cr_assert_eq(get(d, 0x3), 0x3);
    free(d);
}

Test(gpio_sim, active_low_output_inverts_physical_level)
{
    unsigned offs[] = {2};
    struct gpio_dev *d = open_dev("o", 1, offs);
    config(d, 0, OUT | AL, 0, 1);
    cr_assert_eq(get(d, 1), 1, "get is logical");
    cr_assert_eq(gpio_sim_level(chip, 2), 0);
    cr_assert_eq(set_op(d, 1, 0), 0);
    cr_assert_eq(gpio_sim_level(chip, 2), 1);
    free(d);
}

Test(gpio_sim, push_pull_output_ignores_external_drive)
{
    unsigned offs[] = {2};
    struct gpio_dev *d = open_dev("o", 1, offs);
    config(d, 0, OUT, 0, 0);
    drive(chip, 2, 1, 100);
    cr_assert_eq(gpio_sim_level(chip, 2), 0);
    cr_assert_eq(get(d, 1), 0);
    free(d);
}

Test(gpio_sim, open_drain_output_high_lets_external_drive_decide)
{
    unsigned offs[] = {8};
    struct gpio_dev *d = open_dev("od", 1, offs);
    config(d, 0, OUT | PV_GPIO_F_OPEN_DRAIN, 0, 1);
    cr_assert_eq(gpio_sim_level(chip, 8), 0, "released, nothing pulls up");
    drive(chip, 8, 1, 100);
    cr_assert_eq(gpio_sim_level(chip, 8), 1);
    drive(chip, 8, 0, 200);
    cr_assert_eq(gpio_sim_level(chip, 8), 0);
    drive(chip, 8, -1, 300);
    config(d, 0, OUT | PV_GPIO_F_OPEN_DRAIN | PV_GPIO_F_BIAS_PULL_UP, 0, 1);
    cr_assert_eq(gpio_sim_level(chip, 8), 1, "released, pulled up");
    /* Driving low wins over anything outside. */
    cr_assert_eq(set_op(d, 1, 0), 0);
    cr_assert_eq(gpio_sim_level(chip, 8), 0);
    drive(chip, 8, 1, 400);
    cr_assert_eq(gpio_sim_level(chip, 8), 0);
    free(d);
}

Test(gpio_sim, open_source_output_low_lets_external_drive_decide)
{
    unsigned offs[] = {8};
    struct gpio_dev *d = open_dev("os", 1, offs);
    config(d, 0, OUT | PV_GPIO_F_OPEN_SOURCE, 0, 0);
    drive(chip, 8, 1, 100);
    cr_assert_eq(gpio_sim_level(chip, 8), 1);
    drive(chip, 8, 0, 200);
    cr_assert_eq(set_op(d, 1, 1), 0);
    cr_assert_eq(gpio_sim_level(chip, 8), 1, "driving high wins");
    free(d);
}

/* --- inputs ------------------------------------------------------------------
 */

Test(gpio_sim, input_follows_external_drive)
{
    unsigned offs[] = {10, 11};
    struct gpio_dev *d = open_dev("i", 2, offs);
    d->cfg[0].flags = IN;
    d->cfg[1].flags = IN;
    cr_assert_eq(cfg_op(d, d->cfg, 0), 0);
    cr_assert_eq(get(d, 0x3), 0);
    drive(chip, 11, 1, 100);
    cr_assert_eq(get(d, 0x3), 0x2);
    drive(chip, 10, 1, 200);
    cr_assert_eq(get(d, 0x3), 0x3);
    drive(chip, 11, 0, 300);
    cr_assert_eq(get(d, 0x3), 0x1);
    cr_assert_eq(get(d, 0x2), 0x0);
    free(d);
}

Test(gpio_sim, undriven_input_reads_its_bias)
{
    unsigned offs[] = {0, 1, 2, 3};
    struct gpio_dev *d = open_dev("i", 4, offs);
    d->cfg[0].flags = IN | PV_GPIO_F_BIAS_PULL_UP;
    d->cfg[1].flags = IN | PV_GPIO_F_BIAS_PULL_DOWN;
    d->cfg[2].flags = IN;
    d->cfg[3].flags = IN | PV_GPIO_F_BIAS_DISABLED;
    cr_assert_eq(cfg_op(d, d->cfg, 0), 0);
    cr_assert_eq(get(d, 0xf), 0x1, "pull-up 1, pull-down 0, none 0");
    cr_assert_eq(gpio_sim_level(chip, 0), 1);
    /* A drive overrides the pull; 'z' gives the line back to it. */
    drive(chip, 0, 0, 100);
    drive(chip, 1, 1, 100);
    cr_assert_eq(get(d, 0xf), 0x2);
    drive(chip, 0, -1, 200);
    drive(chip, 1, -1, 200);
    cr_assert_eq(get(d, 0xf), 0x1);
    free(d);
}

Test(gpio_sim, active_low_inverts_input_get)
{
    unsigned offs[] = {6};
    struct gpio_dev *d = open_dev("i", 1, offs);
    config(d, 0, IN | AL, 0, 0);
    cr_assert_eq(get(d, 1), 1, "physical 0 is logical 1");
    drive(chip, 6, 1, 100);
    cr_assert_eq(get(d, 1), 0);
    cr_assert_eq(gpio_sim_level(chip, 6), 1);
    free(d);
}

/* --- edge events --------------------------------------------------------- */

Test(gpio_sim, rising_edge_event_has_drive_time_and_seqnos_from_1)
{
    unsigned offs[] = {20};
    struct gpio_dev *d = open_dev("i", 1, offs);
    config(d, 0, IN | RISE, 0, 0);
    expect_no_event(d);
    drive(chip, 20, 1, 1000);
    expect_event(d, 1000, 0, PV_GPIO_EDGE_RISING, 1, 1);
    drive(chip, 20, 0, 2000); /* falling: not asked for */
    expect_no_event(d);
    drive(chip, 20, 1, 3000);
    expect_event(d, 3000, 0, PV_GPIO_EDGE_RISING, 2, 2);
    expect_no_event(d);
    free(d);
}

Test(gpio_sim, falling_edge_only)
{
    unsigned offs[] = {21};
    struct gpio_dev *d = open_dev("i", 1, offs);
    config(d, 0, IN | FALL, 0, 0);
    drive(chip, 21, 1, 1000);
    expect_no_event(d);
    drive(chip, 21, 0, 1500);
    expect_event(d, 1500, 0, PV_GPIO_EDGE_FALLING, 1, 1);
    free(d);
}

Test(gpio_sim, both_edges_seqno_per_device_line_seqno_per_line)
{
    /* Device line index, not chip offset, is reported. */
    unsigned offs[] = {40, 12};
    struct gpio_dev *d = open_dev("i", 2, offs);
    d->cfg[0].flags = IN | BOTH_EDGES;
    d->cfg[1].flags = IN | BOTH_EDGES;
    cr_assert_eq(cfg_op(d, d->cfg, 0), 0);
    drive(chip, 12, 1, 100);
    drive(chip, 40, 1, 200);
    drive(chip, 12, 0, 300);
    drive(chip, 12, 1, 400);
    expect_event(d, 100, 1, PV_GPIO_EDGE_RISING, 1, 1);
    expect_event(d, 200, 0, PV_GPIO_EDGE_RISING, 2, 1);
    expect_event(d, 300, 1, PV_GPIO_EDGE_FALLING, 3, 2);
    expect_event(d, 400, 1, PV_GPIO_EDGE_RISING, 4, 3);
    expect_no_event(d);
    free(d);
}

Test(gpio_sim, no_event_when_edge_detection_is_off)
{
    unsigned offs[] = {22};
    struct gpio_dev *d = open_dev("i", 1, offs);
    config(d, 0, IN, 0, 0);
    drive(chip, 22, 1, 100);
    drive(chip, 22, 0, 200);
    expect_no_event(d);
    config(d, 0, IN | RISE, 0, 0); /* no sequence number was taken */
    drive(chip, 22, 1, 300);
    expect_event(d, 300, 0, PV_GPIO_EDGE_RISING, 1, 1);
    free(d);
}

Test(gpio_sim, no_event_when_level_does_not_change)
{
    unsigned offs[] = {23};
    struct gpio_dev *d = open_dev("i", 1, offs);
    /* Pull-up first, edges second: the pull's own change is not at issue
     * here (see enabling_edges_and_pull_together_gives_no_event). */
    config(d, 0, IN | PV_GPIO_F_BIAS_PULL_UP, 0, 0);
    config(d, 0, IN | BOTH_EDGES | PV_GPIO_F_BIAS_PULL_UP, 0, 0);
    expect_no_event(d);
    drive(chip, 23, 1, 100); /* already 1 by the pull-up */
    expect_no_event(d);
    drive(chip, 23, 0, 200);
    expect_event(d, 200, 0, PV_GPIO_EDGE_FALLING, 1, 1);
    drive(chip, 23, 0, 300);
    expect_no_event(d);
    drive(chip, 23, -1, 400); /* back to the pull-up */
    expect_event(d, 400, 0, PV_GPIO_EDGE_RISING, 2, 2);
    drive(chip, 23, 1, 500);
    expect_no_event(d);
    free(d);
}

Test(gpio_sim, active_low_swaps_edges)
{
    unsigned offs[] = {24};
    struct gpio_dev *d = open_dev("i", 1, offs);
    config(d, 0, IN | AL | RISE, 0, 0);
    drive(chip, 24, 1, 1000); /* logical 1 -> 0: falling */
    expect_no_event(d);
    drive(chip, 24, 0, 2000); /* logical 0 -> 1: rising */
    expect_event(d, 2000, 0, PV_GPIO_EDGE_RISING, 1, 1);
    config(d, 0, IN | AL | FALL, 0, 0);
    drive(chip, 24, 1, 3000);
    expect_event(d, 3000, 0, PV_GPIO_EDGE_FALLING, 2, 2);
    free(d);
}

Test(gpio_sim, outputs_give_no_edge_events)
{
    unsigned offs[] = {25};
    struct gpio_dev *d = open_dev("o", 1, offs);
    config(d, 0, OUT, 0, 0);
    cr_assert_eq(set_op(d, 1, 1), 0);
    cr_assert_eq(set_op(d, 1, 0), 0);
    expect_no_event(d);
    free(d);
}

/* An output reconfigured as an input with edge detection takes its new
 * level silently, traced or not: the kernel enables edge detection after
 * the direction change and reports no event, and what a guest sees must
 * not depend on --gpio-trace. */
Test(gpio_sim, output_reconfigured_as_input_gives_no_event_without_trace)
{
    unsigned offs[] = {26};
    struct gpio_dev *d = open_dev("io", 1, offs);
    config(d, 0, OUT, 0, 1);
    cr_assert_eq(gpio_sim_level(chip, 26), 1);
    config(d, 0, IN | BOTH_EDGES, 0, 0);
    cr_assert_eq(gpio_sim_level(chip, 26), 0, "nothing drives it now");
    cr_assert_eq(get(d, 1), 0);
    expect_no_event(d);
    /* A real change afterwards is reported, numbered from 1. */
    drive(chip, 26, 1, 100);
    expect_event(d, 100, 0, PV_GPIO_EDGE_RISING, 1, 1);
    free(d);
}

/* The level change caused by a configuration itself (input, pull-up and
 * both edges at once on an idle line) is no event: the kernel applies
 * direction and bias before it turns edge detection on, and the cdev
 * backend reports none. */
Test(gpio_sim, enabling_edges_and_pull_together_gives_no_event)
{
    unsigned offs[] = {27};
    struct gpio_dev *d = open_dev("i", 1, offs);
    config(d, 0, IN | BOTH_EDGES | PV_GPIO_F_BIAS_PULL_UP, 0, 0);
    cr_assert_eq(get(d, 1), 1);
    expect_no_event(d);
    drive(chip, 27, 0, 100);
    expect_event(d, 100, 0, PV_GPIO_EDGE_FALLING, 1, 1);
    free(d);
}

/* --- debounce ----------------------------------------------------------- */

Test(gpio_sim, debounce_pulse_shorter_than_period_gives_no_event)
{
    unsigned offs[] = {30};
    struct gpio_dev *d = open_dev("i", 1, offs);
    config(d, 0, IN | BOTH_EDGES, 10, 0); /* 10 us */
    drive(chip, 30, 1, 1000);
    drive(chip, 30, 0, 6000); /* 5 us later: a bounce */
    cr_assert_eq(advance(chip, 100000), UINT64_MAX, "nothing pending");
    expect_no_event(d);
    cr_assert_eq(get(d, 1), 0);
    free(d);
}

Test(gpio_sim, debounce_stable_change_gives_one_event_after_period)
{
    unsigned offs[] = {31};
    struct gpio_dev *d = open_dev("i", 1, offs);
    config(d, 0, IN | BOTH_EDGES, 10, 0);
    drive(chip, 31, 1, 1000);
    cr_assert_eq(advance(chip, 10999), 11000,
                 "the debounce expiry is the next change");
    expect_no_event(d);
    cr_assert_eq(get(d, 1), 0, "not committed before the period");
    cr_assert_eq(advance(chip, 11000), UINT64_MAX);
    expect_event(d, 11000, 0, PV_GPIO_EDGE_RISING, 1, 1);
    expect_no_event(d);
    cr_assert_eq(get(d, 1), 1);
    free(d);
}

Test(gpio_sim, debounce_restarts_on_each_bounce)
{
    unsigned offs[] = {32};
    struct gpio_dev *d = open_dev("i", 1, offs);
    config(d, 0, IN | BOTH_EDGES, 10, 0);
    drive(chip, 32, 1, 1000);
    drive(chip, 32, 0, 2000);
    drive(chip, 32, 1, 3000);
    drive(chip, 32, 1, 8000); /* same level: does not restart */
    cr_assert_eq(advance(chip, 12999), 13000);
    expect_no_event(d);
    advance(chip, 50000);
    expect_event(d, 13000, 0, PV_GPIO_EDGE_RISING, 1, 1);
    expect_no_event(d);
    free(d);
}

Test(gpio_sim, debounce_expiry_committed_by_later_drive)
{
    unsigned offs[] = {33};
    struct gpio_dev *d = open_dev("i", 1, offs);
    config(d, 0, IN | BOTH_EDGES, 10, 0);
    drive(chip, 33, 1, 1000);
    /* The next drive comes after the period: the first change counted. */
    drive(chip, 33, 0, 20000);
    advance(chip, 40000);
    expect_event(d, 11000, 0, PV_GPIO_EDGE_RISING, 1, 1);
    expect_event(d, 30000, 0, PV_GPIO_EDGE_FALLING, 2, 2);
    expect_no_event(d);
    free(d);
}

/* Debounce periods of several lines end in time order, whatever their
 * offsets: events leave the device in time order with rising seqnos. */
Test(gpio_sim, debounced_events_of_two_lines_come_in_time_order)
{
    unsigned offs[] = {0, 1};
    struct gpio_dev *d = open_dev("i", 2, offs);
    d->cfg[0] = (struct gpio_line_cfg){IN | BOTH_EDGES, 10};
    d->cfg[1] = (struct gpio_line_cfg){IN | BOTH_EDGES, 10};
    cr_assert_eq(cfg_op(d, d->cfg, 0), 0);
    drive(chip, 1, 1, 1000); /* settles at 11000 */
    drive(chip, 0, 1, 2000); /* settles at 12000 */
    advance(chip, 50000);
    expect_event(d, 11000, 1, PV_GPIO_EDGE_RISING, 1, 1);
    expect_event(d, 12000, 0, PV_GPIO_EDGE_RISING, 2, 1);
    free(d);
}

/* --- collect ---------------------------------------------------------------
 */

Test(gpio_sim, collect_brings_the_chip_to_the_request_time)
{
    unsigned offs[] = {34};
    struct gpio_dev *d = open_dev("i", 1, offs);
    config(d, 0, IN | BOTH_EDGES, 10, 0);
    drive(chip, 34, 1, 1000);
    expect_no_event(d);
    when.now_ns = 20000;
    cr_assert_eq(collect_op(d), 0);
    expect_event(d, 11000, 0, PV_GPIO_EDGE_RISING, 1, 1);
    cr_assert_eq(when.next_ns, UINT64_MAX);
    free(d);
}

Test(gpio_sim, set_brings_the_chip_to_the_request_time_before_it_acts)
{
    unsigned offs[] = {40, 41};
    struct gpio_dev *d = open_dev("io", 2, offs);
    d->trace_var = 0;
    config(d, 0, OUT, 0, 0);
    config(d, 1, IN | BOTH_EDGES, 10, 0);
    drive(chip, 41, 1, 1000); /* settles at 11000 */
    when.now_ns = 20000;
    cr_assert_eq(set_op(d, 1, 1), 0);
    expect_event(d, 11000, 1, PV_GPIO_EDGE_RISING, 1, 1);
    cr_assert_eq(gpio_sim_level(chip, 40), 1);
    cr_assert_eq(when.next_ns, UINT64_MAX);
    struct gpio_trace_rec t;
    cr_assert_eq(gpio_dev_trace_last(&t, 1), 1);
    cr_assert_eq(t.var, 1, "the input's change is in the trace");
    cr_assert_eq(t.t_ns, 11000);
    free(d);
}

Test(gpio_sim, act_says_when_the_chip_next_needs_a_sync)
{
    unsigned offs[] = {42};
    struct gpio_dev *d = open_dev("i", 1, offs);
    config(d, 0, IN | RISE, 10, 0);
    drive(chip, 42, 1, 1000); /* settles at 11000 */
    when.now_ns = 5000;
    uint64_t v = 1;
    cr_assert_eq(get_op(d, 1, &v), 0);
    cr_assert_eq(v, 0, "not settled yet");
    cr_assert_eq(when.next_ns, 11000);
    free(d);
}

/* --- stimulus --------------------------------------------------------------
 */

static struct gpio_stimulus stim;

static void load(const char *text)
{
    char err[128] = "";
    cr_assert_eq(
        gpio_stimulus_parse(text, strlen(text), &stim, err, sizeof err), 0,
        "%s", err);
}

Test(gpio_sim, stimulus_changes_applied_only_when_their_time_has_come)
{
    unsigned offs[] = {2, 3};
    struct gpio_dev *d = open_dev("btn", 2, offs);
    d->cfg[0].flags = IN | BOTH_EDGES;
    d->cfg[1].flags = IN | BOTH_EDGES;
    cr_assert_eq(cfg_op(d, d->cfg, 0), 0);
    load("100ns btn.0 1\n300ns btn.1 1\n500ns btn.0 0\n");
    char err[128] = "";
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_sim_set_stimulus(chip, &stim, devs, 1, err, sizeof err),
                 0, "%s", err);

    /* Nothing happens before the guest starts. */
    cr_assert_eq(advance(chip, 5000), UINT64_MAX);
    cr_assert_eq(get(d, 3), 0);

    gpio_sim_start(chip, 10000);
    cr_assert_eq(advance(chip, 10099), 10100);
    cr_assert_eq(get(d, 3), 0);
    expect_no_event(d);

    cr_assert_eq(advance(chip, 10100), 10300);
    cr_assert_eq(get(d, 3), 0x1);
    expect_event(d, 10100, 0, PV_GPIO_EDGE_RISING, 1, 1);

    /* Several changes in one advance, each at its own time. */
    cr_assert_eq(advance(chip, 20000), UINT64_MAX);
    cr_assert_eq(get(d, 3), 0x2);
    expect_event(d, 10300, 1, PV_GPIO_EDGE_RISING, 2, 1);
    expect_event(d, 10500, 0, PV_GPIO_EDGE_FALLING, 3, 2);
    expect_no_event(d);
    gpio_stimulus_free(&stim);
    free(d);
}

Test(gpio_sim, stimulus_z_returns_line_to_its_pull)
{
    unsigned offs[] = {50};
    struct gpio_dev *d = open_dev("b", 1, offs);
    config(d, 0, IN | PV_GPIO_F_BIAS_PULL_UP, 0, 0);
    load("1us b.0 0\n2us b.0 z\n");
    char err[128] = "";
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_sim_set_stimulus(chip, &stim, devs, 1, err, sizeof err),
                 0, "%s", err);
    gpio_sim_start(chip, 0);
    cr_assert_eq(get(d, 1), 1);
    cr_assert_eq(advance(chip, 1000), 2000);
    cr_assert_eq(get(d, 1), 0);
    cr_assert_eq(advance(chip, 2000), UINT64_MAX);
    cr_assert_eq(get(d, 1), 1);
    gpio_stimulus_free(&stim);
    free(d);
}

Test(gpio_sim, stimulus_next_time_includes_pending_debounce)
{
    unsigned offs[] = {51};
    struct gpio_dev *d = open_dev("b", 1, offs);
    config(d, 0, IN | RISE, 1, 0); /* 1 us */
    load("100ns b.0 1\n5us b.0 0\n");
    char err[128] = "";
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_sim_set_stimulus(chip, &stim, devs, 1, err, sizeof err),
                 0, "%s", err);
    gpio_sim_start(chip, 0);
    cr_assert_eq(advance(chip, 100), 1100, "debounce expiry first");
    cr_assert_eq(advance(chip, 1100), 5000);
    expect_event(d, 1100, 0, PV_GPIO_EDGE_RISING, 1, 1);
    gpio_stimulus_free(&stim);
    free(d);
}

Test(gpio_sim, stimulus_for_unknown_device_rejected)
{
    unsigned offs[] = {2};
    struct gpio_dev *d = open_dev("btn", 1, offs);
    load("100ns nosuch.0 1\n");
    char err[128] = "";
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_sim_set_stimulus(chip, &stim, devs, 1, err, sizeof err),
                 -EINVAL);
    cr_assert_str_eq(err, "device 'nosuch' is not a sim GPIO device");
    gpio_stimulus_free(&stim);
    free(d);
}

Test(gpio_sim, stimulus_for_line_out_of_range_rejected)
{
    unsigned offs[] = {2, 3};
    struct gpio_dev *d = open_dev("btn", 2, offs);
    load("100ns btn.1 1\n200ns btn.2 1\n");
    char err[128] = "";
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_sim_set_stimulus(chip, &stim, devs, 1, err, sizeof err),
                 -EINVAL);
    cr_assert_str_eq(err, "device 'btn' has no line 2");
    gpio_stimulus_free(&stim);
    free(d);
}

Test(gpio_sim, stimulus_for_device_of_another_backend_rejected)
{
    unsigned offs[] = {2};
    struct gpio_dev *d = new_dev("hw", 1, offs); /* never opened on sim */
    load("100ns hw.0 1\n");
    char err[128] = "";
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_sim_set_stimulus(chip, &stim, devs, 1, err, sizeof err),
                 -EINVAL);
    cr_assert_str_eq(err, "device 'hw' is not a sim GPIO device");
    gpio_stimulus_free(&stim);
    free(d);
}

Test(gpio_sim, stimulus_resolves_lines_of_several_devices)
{
    unsigned oa[] = {5}, ob[] = {6, 7};
    struct gpio_dev *a = open_dev("a", 1, oa);
    struct gpio_dev *b = open_dev("b", 2, ob);
    config(a, 0, IN, 0, 0);
    b->cfg[0].flags = IN;
    b->cfg[1].flags = IN;
    cr_assert_eq(cfg_op(b, b->cfg, 0), 0);
    load("10ns b.1 1\n20ns a.0 1\n");
    char err[128] = "";
    struct gpio_dev *devs[] = {a, b};
    cr_assert_eq(gpio_sim_set_stimulus(chip, &stim, devs, 2, err, sizeof err),
                 0, "%s", err);
    gpio_sim_start(chip, 0);
    advance(chip, 15);
    cr_assert_eq(gpio_sim_level(chip, 7), 1);
    cr_assert_eq(gpio_sim_level(chip, 5), 0);
    advance(chip, 20);
    cr_assert_eq(gpio_sim_level(chip, 5), 1);
    cr_assert_eq(gpio_sim_level(chip, 6), 0);
    gpio_stimulus_free(&stim);
    free(a);
    free(b);
}

/* As a Linux line request: at most 10 attributes, packed as cdev packs. */
Test(gpio_sim, eleven_distinct_configurations_refused_as_by_the_kernel)
{
    unsigned offs[12];
    for (unsigned i = 0; i < 12; i++)
        offs[i] = 30 + i;
    struct gpio_dev *d = open_dev("many", 12, offs);
    for (unsigned i = 0; i < 10; i++)
        d->cfg[i].flags = distinct[i];
    cr_assert_eq(cfg_op(d, d->cfg, 0), 0, "ten fit");
    d->cfg[10].flags = distinct[10];
    cr_assert_eq(cfg_op(d, d->cfg, 0), -E2BIG, "line 11 as is");
    d->cfg[11].flags = distinct[0];
    cr_assert_eq(cfg_op(d, d->cfg, 0), 0, "no line as is: a default");
    d->cfg[11].flags = 0;
    d->cfg[10].flags = 0;
    d->cfg[9].debounce_us = 5; /* an eleventh attribute: debounce */
    cr_assert_eq(cfg_op(d, d->cfg, 0), -E2BIG);
    d->cfg[9].debounce_us = 0;
    d->cfg[9].flags = PV_GPIO_F_OUTPUT;
    d->cfg[10].flags = PV_GPIO_F_OUTPUT;
    cr_assert_eq(cfg_op(d, d->cfg, 0), 0, "outputs at 0: no values");
    cr_assert_eq(cfg_op(d, d->cfg, 1ULL << 9), -E2BIG, "values: the 11th");
    free(d);
}

Test(gpio_sim, act_asks_again_when_the_changes_fill_up)
{
    unsigned offs[] = {43, 44};
    struct gpio_dev *d = open_dev("io", 2, offs);
    config(d, 0, OUT, 0, 0);
    config(d, 1, IN | BOTH_EDGES, 0, 0);
    char text[200 * 16] = "", *p = text;
    for (unsigned k = 1; k <= 200; k++)
        p += sprintf(p, "%uus io.1 %u\n", k, k % 2);
    load(text);
    char err[128] = "";
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_sim_set_stimulus(chip, &stim, devs, 1, err, sizeof err),
                 0, "%s", err);
    gpio_sim_start(chip, 0);
    struct gpio_time w = {.now_ns = 1000000, .next_ns = UINT64_MAX};
    changes.n = 0;
    cr_assert_eq(d->ops->set(d, &w, 1, 1, &changes), GPIO_HOOK_AGAIN);
    cr_assert_gt(changes.n, 0);
    cr_assert_eq(gpio_sim_level(chip, 43), 0, "not acted yet");
    unsigned calls = 1, events = changes.n;
    int rc;
    do {
        changes.n = 0;
        rc = d->ops->set(d, &w, 1, 1, &changes);
        events += changes.n;
        calls++;
    } while (rc == GPIO_HOOK_AGAIN);
    cr_assert_eq(rc, 0);
    cr_assert_eq(calls, 2, "200 changes: a full ch, then the rest and the act");
    cr_assert_eq(events, 200, "every change once");
    cr_assert_eq(gpio_sim_level(chip, 43), 1);
    cr_assert_eq(w.next_ns, UINT64_MAX);
    gpio_stimulus_free(&stim);
    free(d);
}
