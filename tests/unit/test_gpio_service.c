/* SPDX-License-Identifier: ISC */
/*
 * test_gpio_service.c: the one entry of every GPIO request
 * (tender/gpio/service.c), on a fake backend that records what it is
 * asked: requests are checked before anything happens, a timed backend
 * is entered once per operation with the request's time (its sync hook
 * only where nothing acts), the timer is armed for the time the backend
 * asks, and a sequence step is checked again
 * against the device as it is when the step is due; a burst of ring
 * requests merges outputs on different lines into one backend call and
 * keeps a line's own changes apart, in order.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>

#include "../../tender/gpio/service.h"
#include "../../tender/abi.h"
#include "../../tender/clock.h"

#define OUT PV_GPIO_F_OUTPUT
#define IN PV_GPIO_F_INPUT

static struct {
    unsigned configures, gets, sets, syncs, starts, collects, closes;
    uint64_t last_set_mask, last_set_values, next;
    uint64_t set_masks[8], set_values[8]; /* the first sets, in order */
    int set_error;      /* fk_set returns it (a negative errno) when non-zero */
    unsigned again;     /* the next acts that ask to be called again */
    uint64_t sync_t[8]; /* the times of the first syncs */
    uint64_t act_t[8];  /* the request times of the first acts */
    unsigned acts;
    bool get_sleeps; /* fk_get sleeps 1 ms */
    char log[256];   /* one letter per call, in order */
} fk;

static void note(char c)
{
    size_t n = strlen(fk.log);
    if (n + 1 < sizeof fk.log)
        fk.log[n] = c;
}

/*
 * What a timed backend's act hook does around its act: notes the
 * request's time and says when it next wants a sync; returns GPIO_HOOK_AGAIN
 * (with one change in ch: a level of line 2) while fk.again says so.
 */
static int timed_act(struct gpio_dev *d, struct gpio_time *w, char c,
                     struct gpio_changes *ch)
{
    note(c);
    if (fk.acts < 8)
        fk.act_t[fk.acts] = w->now_ns;
    fk.acts++;
    w->next_ns = fk.next;
    if (fk.again == 0)
        return 0;
    fk.again--;
    ch->c[ch->n++] = (struct gpio_change){
        .dev = d, .line = 2, .level = '1', .t_ns = w->now_ns};
    return GPIO_HOOK_AGAIN;
}

static int fk_configure(struct gpio_dev *d, struct gpio_time *w,
                        const struct gpio_line_cfg *cfg, uint64_t values,
                        struct gpio_changes *ch)
{
    (void)cfg, (void)values;
    fk.configures++;
    return timed_act(d, w, 'c', ch);
}

static int fk_get(struct gpio_dev *d, struct gpio_time *w, uint64_t mask,
                  uint64_t *values, struct gpio_changes *ch)
{
    fk.gets++;
    int rc = timed_act(d, w, 'g', ch);
    if (rc)
        return rc;
    if (fk.get_sleeps)
        nanosleep(&(struct timespec){.tv_nsec = 1000000}, NULL);
    *values = mask & 0x5;
    return 0;
}

static int fk_set(struct gpio_dev *d, struct gpio_time *w, uint64_t mask,
                  uint64_t values, struct gpio_changes *ch)
{
    int rc = timed_act(d, w, 's', ch);
    if (rc)
        return rc;
    if (fk.sets < 8) {
        fk.set_masks[fk.sets] = mask;
        fk.set_values[fk.sets] = values;
    }
    fk.sets++;
    fk.last_set_mask = mask;
    fk.last_set_values = values;
    return fk.set_error;
}

static int fk_collect(struct gpio_dev *d, struct gpio_time *w,
                      struct gpio_changes *ch)
{
    fk.collects++;
    int rc = timed_act(d, w, 'e', ch);
    struct pv_gpio_event ev = {.timestamp_ns = 7, .line = 1, .seqno = 1};
    if (rc == 0 && fk.collects == 1)
        ch->c[ch->n++] = (struct gpio_change){
            .dev = d, .line = 1, .has_event = true, .ev = ev};
    return rc;
}

static void fk_start(struct gpio_dev *d, uint64_t t0)
{
    (void)d, (void)t0;
    fk.starts++;
}

static uint64_t fk_sync(struct gpio_dev *d, uint64_t now,
                        struct gpio_changes *ch)
{
    (void)d, (void)ch;
    if (fk.syncs < 8)
        fk.sync_t[fk.syncs] = now;
    fk.syncs++;
    note('y');
    return fk.next;
}

static void fk_close(struct gpio_dev *d)
{
    (void)d;
    fk.closes++;
}

static const struct gpio_backend_ops fake = {
    .name = "fake",
    .configure = fk_configure,
    .get = fk_get,
    .set = fk_set,
    .collect = fk_collect,
    .start = fk_start,
    .sync = fk_sync,
    .close = fk_close,
};

static struct gpio_dev *dev;

/* A device of 4 lines on the fake backend. */
static struct gpio_dev *new_fake(unsigned handle, const char *name)
{
    struct gpio_dev *d = gpio_svc_new_device(handle);
    cr_assert_not_null(d);
    strcpy(d->name, name);
    d->nlines = 4;
    d->perms = PV_GPIO_PERM_IN | PV_GPIO_PERM_OUT;
    d->ops = &fake;
    return d;
}

static void setup(void)
{
    memset(&fk, 0, sizeof fk);
    fk.next = UINT64_MAX;
    gpio_svc_init();
    dev = new_fake(3, "fk");
}

TestSuite(gpio_service, .init = setup);

static int run(struct gpio_request r, struct gpio_reply *out)
{
    static struct gpio_reply dummy;
    return gpio_svc_run(&r, tnd_clock_now_ns(), NULL, out ? out : &dummy);
}

/* An output on the configured device (handle 3). */
static int output(uint64_t mask, uint64_t values)
{
    return run(
        (struct gpio_request){
            .op = GPIO_OP_OUTPUT, .handle = 3, .mask = mask, .values = values},
        NULL);
}

/* Lines 0 and 1 outputs, 2 an input; the fake's log cleared after. */
/* Configures the lines `mask` of device `handle` with `flags`. */
static void set_lines(uint64_t handle, uint64_t mask, uint32_t flags)
{
    cr_assert_eq(run((struct gpio_request){.op = GPIO_OP_SET,
                                           .handle = handle,
                                           .mask = mask,
                                           .flags = flags},
                     NULL),
                 PV_R_OK);
}

static void configure(void)
{
    set_lines(3, 3, OUT);
    set_lines(3, 4, IN);
    memset(fk.log, 0, sizeof fk.log);
}

Test(gpio_service, timed_backend_entered_once_with_the_request_time)
{
    configure();
    uint64_t before = tnd_clock_now_ns();
    cr_assert_eq(output(2, 2), PV_R_OK);
    cr_assert_str_eq(fk.log, "s");
    cr_assert_eq(fk.last_set_mask, 2);
    cr_assert_eq(fk.last_set_values, 2);
    cr_assert_geq(fk.act_t[2], before, "configure() made 2 acts");
    cr_assert_leq(fk.act_t[2], tnd_clock_now_ns());
}

Test(gpio_service, backend_asking_again_is_called_again_after_its_changes)
{
    configure();
    dev->trace_var = 0;
    fk.again = 1;
    cr_assert_eq(output(2, 2), PV_R_OK);
    cr_assert_str_eq(fk.log, "ss");
    cr_assert_eq(fk.sets, 1, "the first call did not act");
    cr_assert_eq(fk.act_t[3], fk.act_t[2], "one request, one time");
    struct gpio_trace_rec t[2];
    cr_assert_eq(gpio_dev_trace_last(t, 2), 2);
    cr_assert_eq(t[0].var, 2, "the change it asked again with, first");
    cr_assert_eq(t[0].level, '1');
    cr_assert_eq(t[1].var, 1, "then the output");
}

Test(gpio_service, clear_of_unconfigured_lines_only_syncs)
{
    int fd = gpio_svc_timer();
    cr_assert_geq(fd, 0);
    set_lines(3, 1, OUT);
    memset(fk.log, 0, sizeof fk.log);
    fk.next = tnd_clock_now_ns() + 3000000000ULL; /* in 3 s */
    cr_assert_eq(
        run((struct gpio_request){.op = GPIO_OP_CLEAR, .handle = 3, .mask = 2},
            NULL),
        PV_R_OK);
    cr_assert_str_eq(fk.log, "y", "nothing to act on: the time alone");
    struct itimerspec it;
    cr_assert_eq(timerfd_gettime(fd, &it), 0);
    cr_assert(it.it_value.tv_sec >= 2, "timer in %ld s",
              (long)it.it_value.tv_sec);
}

Test(gpio_service, rejected_request_reaches_no_backend_hook)
{
    configure();
    static const struct gpio_request bad[] = {
        {.op = GPIO_OP_OUTPUT, .handle = 3, .mask = 4},  /* an input */
        {.op = GPIO_OP_OUTPUT, .handle = 3, .mask = 16}, /* outside */
        {.op = GPIO_OP_OUTPUT, .handle = 3, .mask = 1, .pad = 1},
        {.op = GPIO_OP_SET, .handle = 3, .mask = 1, .flags = IN | OUT},
        {.op = 0, .handle = 3, .mask = 1},
        {.op = GPIO_OP_OUTPUT, .handle = 2, .mask = 1}, /* no device */
        {.op = GPIO_OP_OUTPUT, .handle = 1ULL << 40, .mask = 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_eq(run(bad[i], NULL), PV_R_EINVAL, "request %zu", i);
    cr_assert_str_eq(fk.log, "", "backend called: %s", fk.log);
}

/*
 * A backend failure on an output (a cdev SET_VALUES refused by the
 * kernel) is PV_R_EUNSPEC, the status the request ring hands back in the
 * slot and counts in async_errors for solo5_gpio_sync (docs/gpio.md).
 */
Test(gpio_service, backend_failure_on_output_is_eunspec)
{
    configure();
    fk.set_error = -EIO;
    cr_assert_eq(output(1, 1), PV_R_EUNSPEC);
    cr_assert_eq(fk.sets, 1);
    fk.set_error = 0;
    cr_assert_eq(output(1, 1), PV_R_OK);
}

Test(gpio_service, input_returns_the_backend_values)
{
    configure();
    struct gpio_reply out;
    cr_assert_eq(
        run((struct gpio_request){.op = GPIO_OP_INPUT, .handle = 3, .mask = 7},
            &out),
        PV_R_OK);
    cr_assert_eq(out.values, 5);
    cr_assert_str_eq(fk.log, "g");
}

Test(gpio_service, read_event_collects_then_pops)
{
    struct gpio_reply out;
    struct gpio_request r = {.op = GPIO_OP_READ_EVENT, .handle = 3};
    cr_assert_eq(run(r, &out), PV_R_OK);
    cr_assert_eq(out.ev.timestamp_ns, 7);
    cr_assert_eq(out.ev.line, 1);
    cr_assert_eq(run(r, &out), PV_R_AGAIN);
    cr_assert_eq(fk.collects, 2);
}

Test(gpio_service, timer_armed_for_the_time_the_backend_asks)
{
    int fd = gpio_svc_timer();
    cr_assert_geq(fd, 0);
    configure();
    uint64_t now = tnd_clock_now_ns();
    fk.next = now + 3000000000ULL; /* in 3 s */
    cr_assert_eq(output(1, 0), PV_R_OK);
    struct itimerspec it;
    cr_assert_eq(timerfd_gettime(fd, &it), 0);
    uint64_t left = (uint64_t)it.it_value.tv_sec * 1000000000ULL +
                    (uint64_t)it.it_value.tv_nsec;
    cr_assert(left > 2000000000ULL && left <= 3000000000ULL, "timer in %llu ns",
              (unsigned long long)left);
    fk.next = UINT64_MAX; /* nothing more: disarmed */
    gpio_svc_pending();
    cr_assert_eq(timerfd_gettime(fd, &it), 0);
    cr_assert(it.it_value.tv_sec == 0 && it.it_value.tv_nsec == 0);
}

#define OUTPUT(m, v)                                                           \
    {                                                                          \
        .op = GPIO_OP_OUTPUT, .handle = 3, .mask = (m), .values = (v)          \
    }

/* Runs a burst of n requests; their statuses in ret. */
static void burst(const struct gpio_request *r, unsigned n, int *ret)
{
    struct gpio_reply out[GPIO_BURST_MAX];
    gpio_svc_run_burst(r, n, out, ret);
}

Test(gpio_service, burst_merges_outputs_on_different_lines)
{
    configure();
    const struct gpio_request r[] = {OUTPUT(1, 1), OUTPUT(2, 0)};
    int ret[2];
    burst(r, 2, ret);
    cr_assert_eq(ret[0], PV_R_OK);
    cr_assert_eq(ret[1], PV_R_OK);
    cr_assert_str_eq(fk.log, "s");
    cr_assert_eq(fk.set_masks[0], 3);
    cr_assert_eq(fk.set_values[0], 1);
}

Test(gpio_service, burst_sends_a_line_toggled_twice_in_order)
{
    configure();
    const struct gpio_request r[] = {OUTPUT(1, 1), OUTPUT(2, 2), OUTPUT(1, 0),
                                     OUTPUT(1, 1)};
    int ret[4];
    burst(r, 4, ret);
    for (unsigned i = 0; i < 4; i++)
        cr_assert_eq(ret[i], PV_R_OK, "request %u", i);
    cr_assert_str_eq(fk.log, "sss");
    cr_assert_eq(fk.sets, 3);
    cr_assert_eq(fk.set_masks[0], 3);
    cr_assert_eq(fk.set_values[0], 3);
    cr_assert_eq(fk.set_masks[1], 1);
    cr_assert_eq(fk.set_values[1], 0);
    cr_assert_eq(fk.set_masks[2], 1);
    cr_assert_eq(fk.set_values[2], 1);
}

Test(gpio_service, burst_sends_waiting_outputs_before_an_input)
{
    configure();
    const struct gpio_request r[] = {
        OUTPUT(1, 1),
        {.op = GPIO_OP_INPUT, .handle = 3, .mask = 4},
        OUTPUT(2, 2),
    };
    int ret[3];
    burst(r, 3, ret);
    cr_assert_str_eq(fk.log, "sgs");
    for (unsigned i = 0; i < 3; i++)
        cr_assert_eq(ret[i], PV_R_OK, "request %u", i);
    cr_assert_eq(fk.set_masks[0], 1);
    cr_assert_eq(fk.set_masks[1], 2);
}

/* A second device (handle 5) on the fake, lines 0 and 1 outputs. */
static void configure_second(void)
{
    new_fake(5, "fk2");
    set_lines(5, 3, OUT);
    memset(fk.log, 0, sizeof fk.log);
}

Test(gpio_service, burst_sends_the_merge_when_the_device_changes)
{
    configure();
    configure_second();
    unsigned before = fk.sets;
    struct gpio_request r[] = {OUTPUT(1, 1), OUTPUT(1, 1), OUTPUT(2, 2)};
    r[1].handle = 5;
    int ret[3];
    burst(r, 3, ret);
    for (unsigned i = 0; i < 3; i++)
        cr_assert_eq(ret[i], PV_R_OK, "request %u", i);
    cr_assert_eq(fk.sets - before, 3); /* A, B, A: nothing merged */
    cr_assert_eq(fk.last_set_mask, 2);
}

Test(gpio_service, burst_refuses_a_sequence_and_keeps_the_order_around_it)
{
    configure();
    struct pv_gpio_step st = {.mask = 1, .values = 1};
    struct gpio_request r[] = {
        OUTPUT(1, 1),
        {.op = GPIO_OP_SEQUENCE, .handle = 3, .nsteps = 1, .steps = &st},
        OUTPUT(2, 2),
    };
    int ret[3];
    burst(r, 3, ret);
    cr_assert_eq(ret[0], PV_R_OK);
    cr_assert_eq(ret[1], PV_R_EINVAL);
    cr_assert_eq(ret[2], PV_R_OK);
    cr_assert_eq(fk.sets, 2); /* the merge was sent before the sequence */
    cr_assert_eq(fk.set_masks[0], 1);
    cr_assert_eq(fk.set_masks[1], 2);
}

Test(gpio_service, burst_after_a_vanished_chip_fails_without_the_backend)
{
    configure();
    fk.set_error = -ENODEV;
    const struct gpio_request r[] = {
        OUTPUT(1, 1),
        {.op = GPIO_OP_INPUT, .handle = 3, .mask = 4},
        OUTPUT(2, 2),
    };
    int ret[3];
    burst(r, 3, ret);
    for (unsigned i = 0; i < 3; i++)
        cr_assert_eq(ret[i], PV_R_EUNSPEC, "request %u", i);
    cr_assert_eq(fk.sets, 1);
    cr_assert_eq(fk.gets, 0);
    cr_assert_eq(fk.closes, 1);
}

Test(gpio_service, burst_traces_each_line_of_a_merged_output)
{
    dev->trace_var = 10;
    configure();
    struct gpio_trace_rec t;
    while (gpio_dev_trace_take(&t)) /* configure()'s records */
        ;
    const struct gpio_request r[] = {OUTPUT(1, 1), OUTPUT(2, 0)};
    int ret[2];
    burst(r, 2, ret);
    struct gpio_trace_rec a, b;
    cr_assert(gpio_dev_trace_take(&a));
    cr_assert(gpio_dev_trace_take(&b));
    cr_assert_not(gpio_dev_trace_take(&t));
    cr_assert_eq(a.var, 10);
    cr_assert_eq(a.level, '1');
    cr_assert_eq(b.var, 11);
    cr_assert_eq(b.level, '0');
    cr_assert_eq(a.t_ns, b.t_ns); /* one change of both lines */
}

Test(gpio_service, burst_syncs_a_timed_backend_to_each_request_time)
{
    configure();
    fk.get_sleeps = true;
    const struct gpio_request r[] = {
        {.op = GPIO_OP_INPUT, .handle = 3, .mask = 4},
        {.op = GPIO_OP_INPUT, .handle = 3, .mask = 4},
    };
    int ret[2];
    burst(r, 2, ret);
    cr_assert_str_eq(fk.log, "gg");
    /* configure() made 2 acts; the second input's is after the sleep */
    cr_assert_geq(fk.act_t[3], fk.act_t[2] + 1000000);
}

Test(gpio_service, burst_rejects_a_bad_request_and_merges_the_rest)
{
    configure();
    const struct gpio_request r[] = {OUTPUT(1, 1), OUTPUT(4, 4), OUTPUT(2, 2)};
    int ret[3];
    burst(r, 3, ret);
    cr_assert_eq(ret[0], PV_R_OK);
    cr_assert_eq(ret[1], PV_R_EINVAL); /* line 2 is an input */
    cr_assert_eq(ret[2], PV_R_OK);
    cr_assert_eq(fk.sets, 1);
    cr_assert_eq(fk.set_masks[0], 3);
    cr_assert_eq(fk.set_values[0], 3);
}

Test(gpio_service, burst_ordered_output_ends_the_merge)
{
    configure();
    struct gpio_request r[] = {OUTPUT(1, 1), OUTPUT(2, 2)};
    r[1].flags = PV_GPIO_RING_F_ORDERED; /* solo5_gpio_barrier before it */
    int ret[2];
    burst(r, 2, ret);
    cr_assert_eq(ret[0], PV_R_OK);
    cr_assert_eq(ret[1], PV_R_OK);
    cr_assert_eq(fk.sets, 2);
    cr_assert_eq(fk.set_masks[0], 1);
    cr_assert_eq(fk.set_masks[1], 2);
}

Test(gpio_service, burst_rejects_an_unknown_output_flag)
{
    configure();
    struct gpio_request r[] = {OUTPUT(1, 1)};
    r[0].flags = 2;
    int ret[1];
    burst(r, 1, ret);
    cr_assert_eq(ret[0], PV_R_EINVAL);
    cr_assert_eq(fk.sets, 0);
}

Test(gpio_service, burst_backend_failure_fails_every_merged_output)
{
    configure();
    fk.set_error = -EIO;
    const struct gpio_request r[] = {OUTPUT(1, 1), OUTPUT(2, 2)};
    int ret[2];
    burst(r, 2, ret);
    cr_assert_eq(fk.sets, 1);
    cr_assert_eq(ret[0], PV_R_EUNSPEC);
    cr_assert_eq(ret[1], PV_R_EUNSPEC);
}

Test(gpio_service, start_reaches_every_backend)
{
    gpio_svc_start(tnd_clock_now_ns());
    cr_assert_eq(fk.starts, 1);
    cr_assert_geq(fk.syncs, 1);
}

/* A sleep during which the guest clears line 0 (a hypercall meanwhile). */
static bool sleep_and_clear(uint64_t t)
{
    (void)t;
    struct gpio_reply out;
    struct gpio_request r = {.op = GPIO_OP_CLEAR, .handle = 3, .mask = 1};
    cr_assert_eq(gpio_svc_run(&r, tnd_clock_now_ns(), NULL, &out), PV_R_OK);
    return true;
}

Test(gpio_service, sequence_step_rechecked_when_due)
{
    configure();
    const struct pv_gpio_step steps[] = {
        {.mask = 2, .values = 2},
        {.mask = 1, .values = 1, .delay_ns = 1000000000ULL},
        {.mask = 2, .values = 0},
    };
    struct gpio_request r = {
        .op = GPIO_OP_SEQUENCE, .handle = 3, .nsteps = 3, .steps = steps};
    struct gpio_reply out;
    int ret = gpio_svc_run(&r, tnd_clock_now_ns(), sleep_and_clear, &out);
    cr_assert_eq(ret, PV_R_EINVAL, "line 0 was cleared before step 1");
    cr_assert_eq(fk.sets, 1, "only step 0 reached the backend");
    cr_assert_eq(fk.last_set_mask, 2);
}

static bool stopping(uint64_t t)
{
    (void)t;
    return false;
}

Test(gpio_service, sequence_abandoned_when_the_tender_stops)
{
    configure();
    const struct pv_gpio_step steps[] = {
        {.mask = 1, .values = 1},
        {.mask = 1, .values = 0, .delay_ns = 1000000000ULL},
    };
    struct gpio_request r = {
        .op = GPIO_OP_SEQUENCE, .handle = 3, .nsteps = 2, .steps = steps};
    struct gpio_reply out;
    cr_assert_eq(gpio_svc_run(&r, tnd_clock_now_ns(), stopping, &out),
                 PV_R_EUNSPEC);
    cr_assert_eq(fk.sets, 1);
}

Test(gpio_service, make_all_safe_closes_every_backend)
{
    configure();
    gpio_svc_make_all_safe();
    cr_assert_eq(fk.closes, 1);
    cr_assert_geq(fk.configures, 3, "the safe state is one more configure");
}
