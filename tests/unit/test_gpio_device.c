/* SPDX-License-Identifier: ISC */
/*
 * test_gpio_device.c: the device layer behind the GPIO hypercalls
 * (tender/gpio/device.c): line state, safe state, backend failures and
 * the event queue. Runs on the simulated chip, and on a fake backend that
 * can fail.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "../../tender/gpio/sim.h"

#define IN PV_GPIO_F_INPUT
#define OUT PV_GPIO_F_OUTPUT
#define AL PV_GPIO_F_ACTIVE_LOW
#define PU PV_GPIO_F_BIAS_PULL_UP
#define PD PV_GPIO_F_BIAS_PULL_DOWN
#define RISE PV_GPIO_F_EDGE_RISING

static struct gpio_sim_chip *chip;
static struct gpio_dev *dev;

static void setup(void)
{
    chip = gpio_sim_new();
    cr_assert_not_null(chip);
    dev = calloc(1, sizeof *dev);
    cr_assert_not_null(dev);
}

static void teardown(void)
{
    free(dev);
    gpio_sim_free(chip);
}

/* Drives sim input `off` at time t; the device layer takes the changes. */
static void drive(unsigned off, int level, uint64_t t)
{
    struct gpio_changes ch = {.n = 0};
    gpio_sim_drive(chip, off, level, t, &ch);
    gpio_dev_apply(&ch);
}

TestSuite(gpio_device, .init = setup, .fini = teardown);

/* dev as a sim device of n lines on chip offsets 10.., with `safe`. */
static void sim_dev(unsigned n, enum gpio_safe safe)
{
    memset(dev, 0, sizeof *dev);
    strcpy(dev->name, "dev");
    dev->nlines = n;
    dev->perms = PV_GPIO_PERM_IN | PV_GPIO_PERM_OUT;
    dev->safe = safe;
    dev->trace_var = -1;
    dev->poll_fd = -1;
    for (unsigned i = 0; i < n; i++)
        dev->offsets[i] = 10 + i;
    cr_assert_eq(gpio_sim_open(chip, dev), 0);
}

static int level(unsigned i)
{
    return gpio_sim_level(chip, 10 + i);
}

/* --- set, input, output --------------------------------------------------- */

Test(gpio_device, set_output_enables_lines_and_drives_values)
{
    sim_dev(4, GPIO_SAFE_LOW);
    cr_assert_eq(gpio_dev_set(dev, 0x3, OUT, 0, 0x2), PV_R_OK);
    cr_assert_eq(dev->enabled, 0x3);
    cr_assert_eq(dev->outputs, 0x3);
    cr_assert_eq(dev->out_values, 0x2);
    cr_assert_eq(dev->cfg[0].flags, OUT);
    cr_assert_eq(dev->cfg[2].flags, 0, "other lines untouched");
    cr_assert_eq(level(0), 0);
    cr_assert_eq(level(1), 1);
}

Test(gpio_device, set_values_outside_mask_ignored)
{
    sim_dev(4, GPIO_SAFE_LOW);
    cr_assert_eq(gpio_dev_set(dev, 0x1, OUT, 0, ~0ULL), PV_R_OK);
    cr_assert_eq(dev->out_values, 0x1);
    cr_assert_eq(level(1), 0);
}

Test(gpio_device, set_input_records_flags_and_debounce)
{
    sim_dev(4, GPIO_SAFE_LOW);
    cr_assert_eq(gpio_dev_set(dev, 0xc, IN | PU | RISE, 250, 0xc), PV_R_OK);
    cr_assert_eq(dev->enabled, 0xc);
    cr_assert_eq(dev->outputs, 0);
    cr_assert_eq(dev->out_values, 0, "inputs have no output value");
    cr_assert_eq(dev->cfg[2].flags, IN | PU | RISE);
    cr_assert_eq(dev->cfg[3].debounce_us, 250);
    {
        struct gpio_changes ch = {.n = 0};
        gpio_sim_advance(chip, 1000000, &ch);
        gpio_dev_apply(&ch);
    } /* past the debounce period */
    uint64_t v = 0;
    cr_assert_eq(gpio_dev_input(dev, 0xc, &v), PV_R_OK);
    cr_assert_eq(v, 0xc, "pulled up");
}

Test(gpio_device, output_switched_to_input_leaves_outputs)
{
    sim_dev(4, GPIO_SAFE_LOW);
    cr_assert_eq(gpio_dev_set(dev, 0xf, OUT, 0, 0xf), PV_R_OK);
    cr_assert_eq(gpio_dev_set(dev, 0x5, IN, 0, 0), PV_R_OK);
    cr_assert_eq(dev->enabled, 0xf);
    cr_assert_eq(dev->outputs, 0xa);
    cr_assert_eq(dev->out_values, 0xa);
    cr_assert_eq(dev->cfg[1].flags, OUT, "lines outside mask keep theirs");
    cr_assert_eq(dev->cfg[0].flags, IN);
}

Test(gpio_device, output_changes_only_masked_lines)
{
    sim_dev(4, GPIO_SAFE_LOW);
    cr_assert_eq(gpio_dev_set(dev, 0xf, OUT, 0, 0x0), PV_R_OK);
    cr_assert_eq(gpio_dev_output(dev, 0x6, ~0ULL), PV_R_OK);
    cr_assert_eq(dev->out_values, 0x6);
    cr_assert_eq(level(0), 0);
    cr_assert_eq(level(1), 1);
    cr_assert_eq(level(2), 1);
    cr_assert_eq(level(3), 0);
    cr_assert_eq(gpio_dev_output(dev, 0x2, 0x0), PV_R_OK);
    cr_assert_eq(dev->out_values, 0x4);
}

Test(gpio_device, input_masks_the_values_it_returns)
{
    sim_dev(4, GPIO_SAFE_LOW);
    cr_assert_eq(gpio_dev_set(dev, 0xf, IN | PU, 0, 0), PV_R_OK);
    uint64_t v = ~0ULL;
    cr_assert_eq(gpio_dev_input(dev, 0x5, &v), PV_R_OK);
    cr_assert_eq(v, 0x5);
    drive(10, 0, 100);
    cr_assert_eq(gpio_dev_input(dev, 0x5, &v), PV_R_OK);
    cr_assert_eq(v, 0x4);
}

Test(gpio_device, out_level_is_physical_and_z_when_released)
{
    sim_dev(5, GPIO_SAFE_LOW);
    cr_assert_eq(gpio_dev_set(dev, 0x1, OUT, 0, 0x1), PV_R_OK);
    cr_assert_eq(gpio_dev_set(dev, 0x2, OUT | AL, 0, 0x2), PV_R_OK);
    cr_assert_eq(gpio_dev_set(dev, 0x4, OUT | PV_GPIO_F_OPEN_DRAIN, 0, 0x4),
                 PV_R_OK);
    cr_assert_eq(gpio_dev_set(dev, 0x8, OUT | PV_GPIO_F_OPEN_SOURCE, 0, 0),
                 PV_R_OK);
    cr_assert_eq(gpio_dev_set(dev, 0x10, IN, 0, 0), PV_R_OK);
    cr_assert_eq(gpio_dev_out_level(dev, 0), '1');
    cr_assert_eq(gpio_dev_out_level(dev, 1), '0', "active low");
    cr_assert_eq(gpio_dev_out_level(dev, 2), 'z', "open drain high");
    cr_assert_eq(gpio_dev_out_level(dev, 3), 'z', "open source low");
    cr_assert_eq(gpio_dev_out_level(dev, 4), 'z', "input");
    cr_assert_eq(gpio_dev_output(dev, 0xc, 0x8), PV_R_OK);
    cr_assert_eq(gpio_dev_out_level(dev, 2), '0');
    cr_assert_eq(gpio_dev_out_level(dev, 3), '1');
}

/* --- safe state ----------------------------------------------------------- */

Test(gpio_device, make_safe_low_drives_physical_low_even_when_active_low)
{
    sim_dev(3, GPIO_SAFE_LOW);
    cr_assert_eq(gpio_dev_set(dev, 0x1, OUT, 0, 0x1), PV_R_OK);
    cr_assert_eq(gpio_dev_set(dev, 0x2, OUT | AL, 0, 0x0), PV_R_OK);
    cr_assert_eq(level(0), 1);
    cr_assert_eq(level(1), 1, "active low, logical 0");
    cr_assert_eq(gpio_dev_make_safe(dev, 0x3), PV_R_OK);
    cr_assert_eq(level(0), 0);
    cr_assert_eq(level(1), 0);
    cr_assert_eq(dev->enabled, 0);
    cr_assert_eq(dev->outputs & 0x3, 0x3, "still driven");
    cr_assert_eq(dev->out_values & 0x3, 0);
    cr_assert_eq(dev->cfg[1].flags, OUT, "plain push-pull, active high");
    cr_assert_eq(gpio_dev_out_level(dev, 1), '0');
}

Test(gpio_device, make_safe_high_drives_physical_high_even_when_active_low)
{
    sim_dev(3, GPIO_SAFE_HIGH);
    cr_assert_eq(gpio_dev_set(dev, 0x1, OUT, 0, 0x0), PV_R_OK);
    cr_assert_eq(gpio_dev_set(dev, 0x2, OUT | AL, 0, 0x2), PV_R_OK);
    cr_assert_eq(gpio_dev_set(dev, 0x4, OUT | PV_GPIO_F_OPEN_DRAIN, 0, 0x0),
                 PV_R_OK);
    cr_assert_eq(level(0), 0);
    cr_assert_eq(level(1), 0, "active low, logical 1");
    cr_assert_eq(gpio_dev_make_safe(dev, 0x7), PV_R_OK);
    cr_assert_eq(level(0), 1);
    cr_assert_eq(level(1), 1);
    cr_assert_eq(level(2), 1, "driven high, not released");
    cr_assert_eq(dev->out_values & 0x7, 0x7);
    cr_assert_eq(dev->enabled, 0);
}

Test(gpio_device, make_safe_input_switches_outputs_to_inputs)
{
    sim_dev(3, GPIO_SAFE_INPUT);
    cr_assert_eq(gpio_dev_set(dev, 0x1, OUT | PU, 0, 0x0), PV_R_OK);
    cr_assert_eq(gpio_dev_set(dev, 0x2, OUT, 0, 0x2), PV_R_OK);
    cr_assert_eq(level(0), 0);
    cr_assert_eq(level(1), 1);
    cr_assert_eq(gpio_dev_make_safe(dev, 0x3), PV_R_OK);
    cr_assert_eq(dev->outputs, 0);
    cr_assert_eq(dev->out_values, 0);
    cr_assert_eq(dev->enabled, 0);
    cr_assert_eq(dev->cfg[0].flags, IN | PU, "keeps its bias");
    cr_assert_eq(dev->cfg[1].flags, IN);
    cr_assert_eq(level(0), 1, "released: the pull-up decides");
    cr_assert_eq(level(1), 0, "released: nothing drives it");
    drive(11, 1, 100);
    cr_assert_eq(level(1), 1, "it follows the outside now");
}

Test(gpio_device, make_safe_keeps_inputs_inputs_without_edges_or_debounce)
{
    sim_dev(2, GPIO_SAFE_HIGH);
    cr_assert_eq(gpio_dev_set(dev, 0x1, IN | PD | RISE | AL, 500, 0), PV_R_OK);
    cr_assert_eq(gpio_dev_make_safe(dev, 0x1), PV_R_OK);
    cr_assert_eq(dev->cfg[0].flags, IN | PD, "bias kept, the rest dropped");
    cr_assert_eq(dev->cfg[0].debounce_us, 0);
    cr_assert_eq(dev->outputs, 0, "safe=1 does not drive an input");
    drive(10, 1, 100);
    struct pv_gpio_event ev;
    cr_assert_not(gpio_dev_pop_event(dev, &ev), "no edge detection left");
}

Test(gpio_device, make_safe_leaves_lines_never_enabled_alone)
{
    sim_dev(4, GPIO_SAFE_HIGH);
    cr_assert_eq(gpio_dev_set(dev, 0x1, OUT, 0, 0x0), PV_R_OK);
    cr_assert_eq(gpio_dev_make_safe(dev, 0xf), PV_R_OK);
    cr_assert_eq(level(0), 1);
    for (unsigned i = 1; i < 4; i++) {
        cr_assert_eq(dev->cfg[i].flags, 0, "line %u configured", i);
        cr_assert_eq(level(i), 0, "line %u driven", i);
    }
    cr_assert_eq(dev->outputs, 0x1);
}

Test(gpio_device, make_safe_only_touches_its_mask)
{
    sim_dev(2, GPIO_SAFE_LOW);
    cr_assert_eq(gpio_dev_set(dev, 0x3, OUT, 0, 0x3), PV_R_OK);
    cr_assert_eq(gpio_dev_clear(dev, 0x2), PV_R_OK);
    cr_assert_eq(dev->enabled, 0x1);
    cr_assert_eq(dev->out_values, 0x1);
    cr_assert_eq(level(0), 1);
    cr_assert_eq(level(1), 0);
}

Test(gpio_device, make_safe_with_nothing_enabled_is_ok)
{
    sim_dev(2, GPIO_SAFE_LOW);
    cr_assert_eq(gpio_dev_make_safe(dev, gpio_dev_all(dev)), PV_R_OK);
    cr_assert_eq(dev->enabled, 0);
}

Test(gpio_device, cleared_line_can_be_configured_again)
{
    sim_dev(1, GPIO_SAFE_LOW);
    cr_assert_eq(gpio_dev_set(dev, 0x1, OUT | AL, 0, 0x1), PV_R_OK);
    cr_assert_eq(gpio_dev_clear(dev, 0x1), PV_R_OK);
    cr_assert_eq(gpio_dev_set(dev, 0x1, IN | PU, 0, 0), PV_R_OK);
    cr_assert_eq(dev->enabled, 0x1);
    cr_assert_eq(dev->outputs, 0);
    cr_assert_eq(level(0), 1);
}

Test(gpio_device, all_mask_covers_64_lines)
{
    dev->nlines = 64;
    cr_assert_eq(gpio_dev_all(dev), ~0ULL);
    dev->nlines = 63;
    cr_assert_eq(gpio_dev_all(dev), ~0ULL >> 1);
    dev->nlines = 1;
    cr_assert_eq(gpio_dev_all(dev), 1);
}

/* --- backend failures ----------------------------------------------------- */

static int fail_rc;
static int configure_calls, get_calls, set_calls;

static int fake_configure(struct gpio_dev *d, struct gpio_time *w,
                          const struct gpio_line_cfg *cfg, uint64_t values,
                          struct gpio_changes *ch)
{
    (void)d;
    (void)w;
    (void)ch;
    (void)cfg;
    (void)values;
    configure_calls++;
    return fail_rc;
}

static int fake_get(struct gpio_dev *d, struct gpio_time *w, uint64_t mask,
                    uint64_t *values, struct gpio_changes *ch)
{
    (void)d;
    (void)w;
    (void)ch;
    get_calls++;
    if (fail_rc)
        return fail_rc;
    *values = mask;
    return 0;
}

static int fake_set(struct gpio_dev *d, struct gpio_time *w, uint64_t mask,
                    uint64_t values, struct gpio_changes *ch)
{
    (void)d;
    (void)w;
    (void)ch;
    (void)mask;
    (void)values;
    set_calls++;
    return fail_rc;
}

static int close_calls;
static void fake_close(struct gpio_dev *d)
{
    (void)d;
    close_calls++;
}

static const struct gpio_backend_ops fake_ops = {
    .name = "fake",
    .configure = fake_configure,
    .get = fake_get,
    .set = fake_set,
    .close = fake_close,
};

/* dev on the fake backend with lines 0..1 outputs (values 0x1) and line
 * 2 an input, all enabled; the backend fails from now on. */
static void failing_dev(enum gpio_safe safe)
{
    memset(dev, 0, sizeof *dev);
    strcpy(dev->name, "fake");
    dev->nlines = 4;
    dev->safe = safe;
    dev->ops = &fake_ops;
    dev->trace_var = -1;
    dev->poll_fd = -1;
    fail_rc = 0;
    cr_assert_eq(gpio_dev_set(dev, 0x3, OUT | AL, 0, 0x1), PV_R_OK);
    cr_assert_eq(gpio_dev_set(dev, 0x4, IN | PU, 7, 0), PV_R_OK);
    fail_rc = -EIO;
}

/* Asserts the state failing_dev() left. */
static void expect_state_unchanged(void)
{
    cr_assert_eq(dev->enabled, 0x7, "enabled %#llx",
                 (unsigned long long)dev->enabled);
    cr_assert_eq(dev->outputs, 0x3, "outputs %#llx",
                 (unsigned long long)dev->outputs);
    cr_assert_eq(dev->out_values, 0x1, "out_values %#llx",
                 (unsigned long long)dev->out_values);
    cr_assert_eq(dev->cfg[0].flags, OUT | AL);
    cr_assert_eq(dev->cfg[1].flags, OUT | AL);
    cr_assert_eq(dev->cfg[2].flags, IN | PU);
    cr_assert_eq(dev->cfg[2].debounce_us, 7);
    cr_assert_eq(dev->cfg[3].flags, 0);
}

Test(gpio_device, set_backend_failure_is_eunspec_and_state_unchanged)
{
    failing_dev(GPIO_SAFE_LOW);
    cr_assert_eq(gpio_dev_set(dev, 0x9, IN, 0, 0), PV_R_EUNSPEC);
    expect_state_unchanged();
    cr_assert_eq(gpio_dev_set(dev, 0x8, OUT, 0, 0x8), PV_R_EUNSPEC);
    expect_state_unchanged();
}

Test(gpio_device, output_backend_failure_is_eunspec_and_state_unchanged)
{
    failing_dev(GPIO_SAFE_LOW);
    cr_assert_eq(gpio_dev_output(dev, 0x3, 0x2), PV_R_EUNSPEC);
    cr_assert_eq(set_calls, 1);
    expect_state_unchanged();
}

Test(gpio_device, input_backend_failure_is_eunspec)
{
    failing_dev(GPIO_SAFE_LOW);
    uint64_t v = 0x1234;
    cr_assert_eq(gpio_dev_input(dev, 0x4, &v), PV_R_EUNSPEC);
    expect_state_unchanged();
}

/* A clear the backend fails leaves the lines enabled and driven as they
 * were: the guest gets EUNSPEC and a later clear tries again. */
Test(gpio_device, clear_backend_failure_is_eunspec_and_state_unchanged)
{
    failing_dev(GPIO_SAFE_LOW);
    cr_assert_eq(gpio_dev_clear(dev, 0x7), PV_R_EUNSPEC);
    expect_state_unchanged();
}

/* The same from the exit path: a retried safe state reaches the backend
 * again. */
Test(gpio_device, make_safe_retried_after_backend_failure)
{
    failing_dev(GPIO_SAFE_HIGH);
    cr_assert_eq(gpio_dev_make_safe(dev, 0x3), PV_R_EUNSPEC);
    fail_rc = 0;
    configure_calls = 0;
    cr_assert_eq(gpio_dev_make_safe(dev, gpio_dev_all(dev)), PV_R_OK);
    cr_assert_eq(configure_calls, 1);
    cr_assert_eq(dev->out_values & 0x3, 0x3,
                 "outputs never reached the safe state (out_values %#llx)",
                 (unsigned long long)dev->out_values);
    cr_assert_eq(dev->cfg[0].flags, OUT);
}

/* --- event queue ------------------------------------------------------------
 */

static struct pv_gpio_event ev_n(uint32_t n)
{
    return (struct pv_gpio_event){.timestamp_ns = 1000ULL * n,
                                  .line = n % 64,
                                  .edge = PV_GPIO_EDGE_RISING,
                                  .seqno = n,
                                  .line_seqno = n};
}

Test(gpio_device, event_queue_is_fifo)
{
    sim_dev(1, GPIO_SAFE_LOW);
    struct pv_gpio_event ev;
    cr_assert_not(gpio_dev_pop_event(dev, &ev), "starts empty");
    for (uint32_t n = 1; n <= 3; n++) {
        struct pv_gpio_event e = ev_n(n);
        gpio_dev_push_event(dev, &e);
    }
    for (uint32_t n = 1; n <= 3; n++) {
        cr_assert(gpio_dev_pop_event(dev, &ev));
        cr_assert_eq(ev.seqno, n);
        cr_assert_eq(ev.timestamp_ns, 1000ULL * n);
        cr_assert_eq(ev.line, n);
    }
    cr_assert_not(gpio_dev_pop_event(dev, &ev));
    cr_assert_eq(dev->evq.dropped, 0);
}

Test(gpio_device, event_queue_wraps_around)
{
    sim_dev(1, GPIO_SAFE_LOW);
    struct pv_gpio_event ev;
    uint32_t next_in = 1, next_out = 1;
    /* Keep a few events queued while pushing 3 queues' worth. */
    for (unsigned k = 0; k < 3 * GPIO_EVQ_SIZE; k++) {
        struct pv_gpio_event e = ev_n(next_in++);
        gpio_dev_push_event(dev, &e);
        if (dev->evq.count > 7) {
            cr_assert(gpio_dev_pop_event(dev, &ev));
            cr_assert_eq(ev.seqno, next_out++);
        }
    }
    while (gpio_dev_pop_event(dev, &ev))
        cr_assert_eq(ev.seqno, next_out++);
    cr_assert_eq(next_out, next_in);
    cr_assert_eq(dev->evq.dropped, 0);
}

Test(gpio_device, event_queue_overflow_keeps_newest_and_counts_dropped)
{
    sim_dev(1, GPIO_SAFE_LOW);
    const uint32_t total = GPIO_EVQ_SIZE + 5;
    for (uint32_t n = 1; n <= total; n++) {
        struct pv_gpio_event e = ev_n(n);
        gpio_dev_push_event(dev, &e);
    }
    cr_assert_eq(dev->evq.count, GPIO_EVQ_SIZE);
    cr_assert_eq(dev->evq.dropped, 5);
    struct pv_gpio_event ev;
    for (uint32_t n = 6; n <= total; n++) {
        cr_assert(gpio_dev_pop_event(dev, &ev), "missing event %u", n);
        cr_assert_eq(ev.seqno, n, "got %u, wanted %u", ev.seqno, n);
    }
    cr_assert_not(gpio_dev_pop_event(dev, &ev));
}

/* Lines the tender wrote on stderr since the last call (into text). */
static unsigned stderr_lines(char *text, size_t len)
{
    fflush(stderr);
    FILE *f = cr_get_redirected_stderr();
    size_t n = fread(text, 1, len - 1, f);
    text[n] = '\0';
    unsigned lines = 0;
    for (size_t i = 0; i < n; i++)
        lines += text[i] == '\n';
    return lines;
}

/* A chip gone (ENODEV): the device is dead, closed, said once. */
Test(gpio_device, vanished_chip_makes_the_device_dead,
     .init = cr_redirect_stderr)
{
    failing_dev(GPIO_SAFE_LOW);
    fail_rc = -ENODEV;
    set_calls = close_calls = 0;
    cr_assert_eq(gpio_dev_output(dev, 0x3, 0x2), PV_R_EUNSPEC);
    cr_assert(dev->dead);
    cr_assert_eq(close_calls, 1, "its fds leave the poll set");
    cr_assert_eq(set_calls, 1);
    uint64_t v;
    for (int k = 0; k < 5; k++) {
        cr_assert_eq(gpio_dev_output(dev, 0x3, 0x1), PV_R_EUNSPEC);
        cr_assert_eq(gpio_dev_input(dev, 0x4, &v), PV_R_EUNSPEC);
        cr_assert_eq(gpio_dev_set(dev, 0x8, OUT, 0, 0), PV_R_EUNSPEC);
        cr_assert_eq(gpio_dev_clear(dev, 0x1), PV_R_EUNSPEC);
    }
    gpio_dev_collect(dev);
    gpio_dev_close(dev);
    cr_assert_eq(set_calls, 1, "no call reaches a dead backend");
    cr_assert_eq(get_calls + configure_calls, 2, "only failing_dev's sets");
    cr_assert_eq(close_calls, 1);
    char text[1024];
    cr_assert_eq(stderr_lines(text, sizeof text), 1, "%s", text);
    cr_assert(strstr(text, "'fake': its fake chip went away") != NULL, "%s",
              text);
}

/* A failure the guest can repeat is said at most once per interval. */
Test(gpio_device, repeated_backend_failures_warn_once,
     .init = cr_redirect_stderr)
{
    failing_dev(GPIO_SAFE_LOW);
    for (int k = 0; k < 50; k++)
        cr_assert_eq(gpio_dev_output(dev, 0x3, 0x2), PV_R_EUNSPEC);
    cr_assert_not(dev->dead);
    cr_assert_eq(dev->muted, 49);
    char text[1024];
    cr_assert_eq(stderr_lines(text, sizeof text), 1, "%s", text);
    dev->warned_ns -= GPIO_WARN_INTERVAL_NS; /* the interval has passed */
    cr_assert_eq(gpio_dev_output(dev, 0x3, 0x2), PV_R_EUNSPEC);
    cr_assert_eq(stderr_lines(text, sizeof text), 1, "%s", text);
    cr_assert(strstr(text, "(and 49 more since the last)") != NULL, "%s", text);
}
