/* SPDX-License-Identifier: ISC */
/*
 * bench_gpio: GPIO latency and throughput as the unikernel sees them,
 * measured with solo5_clock_monotonic(). Run by bench/gpio/run.sh once
 * with the request ring and once without; prints "RESULT name value unit"
 * lines.
 *
 * Devices: "out" (4 output lines), "in" (1 input line with both edges,
 * driven by the stimulus file of run.sh).
 *
 *   command line: ITERATIONS EVENTS     the measurements; prints
 *                                       "READY events" before it waits
 *                                       for the edges
 *                 idle MS               a 10-output warm-up, then a yield
 *                                       of MS ms (the tender's idle cost)
 */
#include <stdbool.h>

#include "pvlibc.h"
#include "solo5.h"

/* The next number on the command line, or dflt if there is none. */
static unsigned arg_uint(const char **args, unsigned dflt)
{
    char *end;
    unsigned long v = strtoul(*args, &end, 10);
    if (end == *args)
        return dflt;
    *args = end;
    return v > 100000000 ? 100000000 : (unsigned)v;
}

#define MAX_ITER 20000
static solo5_time_t samples[MAX_ITER];
static struct solo5_gpio_step steps[4096];

static void sort(solo5_time_t *a, unsigned n)
{
    /* Shell sort: no allocation, fast enough for 20000 samples. */
    for (unsigned gap = n / 2; gap > 0; gap /= 2)
        for (unsigned i = gap; i < n; i++)
            for (unsigned j = i; j >= gap && a[j - gap] > a[j]; j -= gap) {
                solo5_time_t t = a[j];
                a[j] = a[j - gap];
                a[j - gap] = t;
            }
}

/* Prints p50 and p99 of samples[0..n) in microseconds (3 decimals). */
static void report(const char *name, unsigned n)
{
    sort(samples, n);
    solo5_time_t p50 = samples[n / 2], p99 = samples[n * 99 / 100];
    printf("RESULT %s_p50 %llu.%03llu us\n", name,
           (unsigned long long)(p50 / 1000), (unsigned long long)(p50 % 1000));
    printf("RESULT %s_p99 %llu.%03llu us\n", name,
           (unsigned long long)(p99 / 1000), (unsigned long long)(p99 % 1000));
}

static void rate(const char *name, unsigned count, solo5_time_t ns)
{
    unsigned long long per_s =
        ns ? (unsigned long long)count * 1000000000ULL / ns : 0;
    printf("RESULT %s %llu per_s\n", name, per_s);
}

/* "idle MS": a few outputs, then a yield of MS ms (idle CPU cost). */
static int idle(solo5_handle_t out, unsigned ms)
{
    for (unsigned i = 0; i < 10; i++)
        solo5_gpio_output(out, 1, i & 1);
    uint64_t v;
    solo5_gpio_input(out, 1, &v);
    solo5_time_t deadline =
        solo5_clock_monotonic() + (solo5_time_t)ms * 1000000ULL;
    while (solo5_clock_monotonic() < deadline)
        solo5_yield(deadline, NULL);
    return 0;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *args = si->cmdline;
    bool idle_mode = strncmp(args, "idle", 4) == 0;
    if (idle_mode)
        args += 4;
    unsigned iter = arg_uint(&args, 2000);
    unsigned events = arg_uint(&args, 200);
    if (iter > MAX_ITER)
        iter = MAX_ITER;
    solo5_handle_t out, in;
    struct solo5_gpio_info info;
    if (solo5_gpio_acquire("out", &out, &info) != SOLO5_R_OK ||
        solo5_gpio_acquire("in", &in, &info) != SOLO5_R_OK) {
        printf("bench_gpio: needs GPIO devices 'out' and 'in'\n");
        return 1;
    }
    struct solo5_gpio_config oc = {.flags = SOLO5_GPIO_OUTPUT};
    struct solo5_gpio_config ic = {.flags =
                                       SOLO5_GPIO_INPUT | SOLO5_GPIO_EDGE_BOTH};
    if (solo5_gpio_set(out, 0xf, &oc) != SOLO5_R_OK ||
        solo5_gpio_set(in, 1, &ic) != SOLO5_R_OK)
        return 1;
    if (idle_mode)
        return idle(out, iter);
    uint64_t v;

    /* The floor: one hypercall that does almost nothing. */
    for (unsigned i = 0; i < iter; i++) {
        solo5_time_t t0 = solo5_clock_monotonic();
        (void)solo5_clock_wall();
        samples[i] = solo5_clock_monotonic() - t0;
    }
    report("walltime_call", iter);

    for (unsigned i = 0; i < iter; i++) {
        solo5_time_t t0 = solo5_clock_monotonic();
        solo5_gpio_output(out, 1, i & 1);
        samples[i] = solo5_clock_monotonic() - t0;
    }
    solo5_gpio_input(out, 1, &v); /* waits for queued outputs */
    report("output_call", iter);

    for (unsigned i = 0; i < iter; i++) {
        solo5_time_t t0 = solo5_clock_monotonic();
        solo5_gpio_input(in, 1, &v);
        samples[i] = solo5_clock_monotonic() - t0;
    }
    report("input_call", iter);

    /*
     * Spaced toggles, 20 us apart, so each finds the ring idle: the
     * tender's post-to-applied statistics come from these.
     */
    for (unsigned i = 0; i < iter; i++) {
        solo5_gpio_output(out, 4, (i & 1) << 2);
        solo5_time_t until = solo5_clock_monotonic() + 20000;
        while (solo5_clock_monotonic() < until)
            ;
    }
    solo5_gpio_input(out, 1, &v);

    /* Toggles per second, one call per toggle; done when applied. */
    solo5_time_t t0 = solo5_clock_monotonic();
    for (unsigned i = 0; i < iter; i++)
        solo5_gpio_output(out, 1, i & 1);
    solo5_gpio_input(out, 1, &v);
    rate("toggles_per_op", iter, solo5_clock_monotonic() - t0);

    /* The same toggles as one sequence with no delays. */
    unsigned n = iter < 4096 ? iter : 4096;
    for (unsigned i = 0; i < n; i++) {
        steps[i].mask = 1;
        steps[i].values = i & 1;
        steps[i].delay = 0;
    }
    t0 = solo5_clock_monotonic();
    if (solo5_gpio_sequence(out, steps, n) != SOLO5_R_OK)
        return 1;
    solo5_gpio_input(out, 1, &v);
    rate("toggles_sequence", n, solo5_clock_monotonic() - t0);

    /* Timed steps, 100 us apart: the tender reports their lateness. */
    for (unsigned i = 0; i < 500; i++) {
        steps[i].mask = 2;
        steps[i].values = (i & 1) << 1;
        steps[i].delay = 100000;
    }
    if (solo5_gpio_sequence(out, steps, 500) != SOLO5_R_OK)
        return 1;
    solo5_gpio_input(out, 1, &v);

    /*
     * Edge events: stimulus time to the guest reading them, until the
     * EVENTS-th (by seqno: events dropped on the way are not waited for)
     * or 2 s without one.
     */
    printf("READY events\n");
    unsigned got = 0;
    uint64_t seen = 0;
    while (seen < events && got < MAX_ITER) {
        solo5_handle_set_t ready = 0;
        /* The first edge may be a while off (bench/gpio/run.sh). */
        solo5_time_t wait = got ? 2000000000ULL : 60000000000ULL;
        solo5_yield(solo5_clock_monotonic() + wait, &ready);
        if (!(ready & (1ULL << in)))
            break;
        struct solo5_gpio_event ev;
        while (solo5_gpio_read_event(in, &ev) == SOLO5_R_OK && got < MAX_ITER) {
            samples[got++] = solo5_clock_monotonic() - ev.timestamp;
            seen = ev.seqno;
        }
    }
    if (got == 0) {
        printf("bench_gpio: no edge event arrived\n");
        return 1;
    }
    printf("RESULT events_read %u events\n", got);
    report("event_latency", got);
    return 0;
}
