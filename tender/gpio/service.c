/* SPDX-License-Identifier: ISC */
/*
 * service.c: the granted GPIO devices, their lock, and the entry of every
 * guest request (service.h). Sequences sleep between steps without the
 * lock.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "../abi.h"
#include "../clock.h"
#include "../log.h"
#include "hist.h"
#include "service.h"
#include "trace.h"

static struct gpio_dev devs[GPIO_MAX_DEVICES];
static struct gpio_dev *devp[GPIO_MAX_DEVICES];
static struct gpio_dev *by_handle[PV_MFT_MAX_ENTRIES];
static unsigned ndevs;
static pthread_mutex_t lock;

static int timer = -1;
static uint64_t timer_armed = UINT64_MAX;
static uint64_t next_sync = UINT64_MAX; /* earliest time a backend wants */

void gpio_svc_init(void)
{
    /*
     * Nothing that can end the tender (tnd_die) runs with the lock held:
     * the exit hooks take it, after stopping the ring thread.
     */
    pthread_mutex_init(&lock, NULL);
}

struct gpio_dev *gpio_svc_new_device(unsigned handle)
{
    if (ndevs == GPIO_MAX_DEVICES || handle >= PV_MFT_MAX_ENTRIES)
        return NULL;
    struct gpio_dev *d = &devs[ndevs];
    memset(d, 0, sizeof *d);
    d->handle = handle;
    d->poll_fd = -1;
    d->trace_var = -1;
    devp[ndevs++] = d;
    by_handle[handle] = d;
    return d;
}

struct gpio_dev *const *gpio_svc_devices(size_t *n)
{
    *n = ndevs;
    return devp;
}

int gpio_svc_timer(void)
{
    if (timer < 0)
        timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    return timer;
}

static struct gpio_dev *dev_of(uint64_t handle)
{
    return handle < PV_MFT_MAX_ENTRIES ? by_handle[handle] : NULL;
}

/* Arms the timer for absolute time `next` if that changed. */
static void arm(uint64_t next)
{
    if (timer < 0 || next == timer_armed)
        return;
    struct itimerspec it;
    memset(&it, 0, sizeof it);
    if (next != UINT64_MAX) {
        it.it_value.tv_sec = (time_t)(next / 1000000000ULL);
        it.it_value.tv_nsec = (long)(next % 1000000000ULL);
        if (next == 0)
            it.it_value.tv_nsec = 1;
    }
    if (timerfd_settime(timer, TFD_TIMER_ABSTIME, &it, NULL) < 0)
        tnd_warn("gpio: timerfd_settime failed: %s", strerror(errno));
    else
        timer_armed = next;
}

/*
 * Brings every backend up to now and arms the timer for the earliest
 * time one asks for. Call with the lock held.
 */
static void sync_backends(void)
{
    uint64_t now = tnd_clock_now_ns();
    next_sync = UINT64_MAX;
    for (unsigned i = 0; i < ndevs; i++) {
        uint64_t next = gpio_dev_sync(&devs[i], now);
        if (next < next_sync)
            next_sync = next;
    }
    arm(next_sync);
}

/*
 * A refused request, said (with -v) only once the lock is released, so
 * a stalled stderr never holds the lock. `op` and `why` are literals.
 */
struct refusal {
    const struct gpio_dev *d;
    const char *op, *why;
};

static int rejected(struct refusal *f, const struct gpio_dev *d, const char *op,
                    const char *why)
{
    *f = (struct refusal){.d = d, .op = op, .why = why};
    return PV_R_EINVAL;
}

/* Says the refusals f[0..n). Call without the lock. */
static void say_refusals(const struct refusal *f, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        tnd_info("gpio: %s on '%s' rejected: %s", f[k].op,
                 f[k].d ? f[k].d->name : "?", f[k].why);
}

static const char *op_name(uint32_t op)
{
    static const char *const names[] = {
        [GPIO_OP_SET] = "set",       [GPIO_OP_INPUT] = "input",
        [GPIO_OP_OUTPUT] = "output", [GPIO_OP_SEQUENCE] = "sequence",
        [GPIO_OP_CLEAR] = "clear",   [GPIO_OP_READ_EVENT] = "read_event",
    };
    return op < sizeof names / sizeof names[0] && names[op] ? names[op]
                                                            : "request";
}

static int run_sequence(struct gpio_dev *d, const struct gpio_request *r,
                        uint64_t start, bool (*sleep)(uint64_t t));

/* Keeps the earliest time a timed device's backend next wants a sync. */
static void want_sync(uint64_t next, uint64_t now)
{
    /* One chip may serve several devices: keep the earliest. */
    if (next < next_sync || next_sync <= now)
        next_sync = next;
}

/*
 * Checks r against its device. Returns the device, or NULL with the
 * refusal in *f. Call with the lock held.
 */
static struct gpio_dev *checked(const struct gpio_request *r, struct refusal *f)
{
    struct gpio_dev *d = dev_of(r->handle);
    const char *why = "no such GPIO device";
    struct gpio_lines l = d ? gpio_dev_lines(d) : (struct gpio_lines){0};
    if (d == NULL || gpio_validate(&l, r, &why) != PV_R_OK) {
        rejected(f, d, op_name(r->op), why);
        return NULL;
    }
    return d;
}

/* Runs a checked request r on d at *now. Call with the lock held. */
static int run_checked(struct gpio_dev *d, const struct gpio_request *r,
                       uint64_t *now, struct gpio_reply *out)
{
    uint64_t next;
    int ret = gpio_dev_run(d, r, now, out, &next);
    if (gpio_dev_timed(d))
        want_sync(next, *now);
    return ret;
}

int gpio_svc_run(const struct gpio_request *r, uint64_t start,
                 bool (*sleep)(uint64_t t), struct gpio_reply *out)
{
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&lock);
    struct refusal f;
    struct gpio_dev *d = checked(r, &f);
    if (d == NULL) {
        pthread_mutex_unlock(&lock);
        say_refusals(&f, 1);
        return PV_R_EINVAL;
    }
    if (r->op == GPIO_OP_SEQUENCE) {
        pthread_mutex_unlock(&lock);
        return run_sequence(d, r, start, sleep);
    }
    uint64_t now = 0; /* set by gpio_dev_run for a timed backend */
    int ret = run_checked(d, r, &now, out);
    arm(next_sync);
    pthread_mutex_unlock(&lock);
    return ret;
}

/* OUTPUTs of a burst waiting to go to their device as one call. */
struct merge {
    struct gpio_dev *d; /* NULL: none waiting */
    uint64_t mask, values;
    unsigned from, to; /* the requests merged lie in [from, to) */
};

#define MERGED (-1) /* ret[] of a request waiting in the merge */

/* Sends the merge m, if any, and gives its status to its requests. */
static void flush(struct merge *m, uint64_t *now, int *ret)
{
    if (m->d == NULL)
        return;
    struct gpio_request o = {
        .op = GPIO_OP_OUTPUT, .mask = m->mask, .values = m->values};
    struct gpio_reply none;
    int rc = run_checked(m->d, &o, now, &none);
    for (unsigned k = m->from; k < m->to; k++)
        if (ret[k] == MERGED)
            ret[k] = rc;
    m->d = NULL;
}

void gpio_svc_run_burst(const struct gpio_request *r, unsigned n,
                        struct gpio_reply *out, int *ret)
{
    uint64_t now = 0; /* set by gpio_dev_run for a timed backend */
    struct merge m = {.d = NULL};
    struct refusal f[GPIO_BURST_MAX];
    unsigned nf = 0;
    memset(out, 0, n * sizeof *out);
    pthread_mutex_lock(&lock);
    for (unsigned i = 0; i < n; i++) {
        const struct gpio_request *q = &r[i];
        bool output = q->op == GPIO_OP_OUTPUT;
        /* Whatever the merge holds goes first, unless q can join it. */
        if (!output || dev_of(q->handle) != m.d || (q->mask & m.mask) ||
            (q->flags & PV_GPIO_RING_F_ORDERED))
            flush(&m, &now, ret);
        struct gpio_dev *d = NULL;
        if (q->op == GPIO_OP_SEQUENCE) /* the caller's mistake */
            rejected(&f[nf], dev_of(q->handle), "sequence", "not in a burst");
        else
            d = checked(q, &f[nf]);
        if (d == NULL) {
            nf++;
            ret[i] = PV_R_EINVAL;
        } else if (output) {
            if (m.d == NULL)
                m = (struct merge){.d = d, .from = i};
            m.mask |= q->mask;
            m.values = (m.values & ~q->mask) | (q->values & q->mask);
            m.to = i + 1;
            ret[i] = MERGED;
        } else {
            ret[i] = run_checked(d, q, &now, &out[i]);
        }
    }
    flush(&m, &now, ret);
    arm(next_sync);
    pthread_mutex_unlock(&lock);
    say_refusals(f, nf);
}

/* --- sequences ---------------------------------------------------------- */

/* Step lateness (--gpio-stats). */
static struct gpio_hist step_late;

/*
 * Runs a validated sequence. The device may change between steps (a
 * hypercall clear while the ring's thread runs it), so each step is
 * checked again, by the same rule, right before it is applied.
 */
static int run_sequence(struct gpio_dev *d, const struct gpio_request *r,
                        uint64_t start, bool (*sleep)(uint64_t t))
{
    int ret = PV_R_OK;
    uint64_t t = start;
    for (uint32_t i = 0; i < r->nsteps && ret == PV_R_OK; i++) {
        const struct pv_gpio_step *s = &r->steps[i];
        t += s->delay_ns;
        /* An undelayed step is due: the one before it was. */
        if (s->delay_ns && tnd_clock_now_ns() < t && !sleep(t))
            return PV_R_EUNSPEC; /* the tender is stopping */
        pthread_mutex_lock(&lock);
        const char *why;
        struct gpio_lines l = gpio_dev_lines(d);
        struct gpio_request o = {
            .op = GPIO_OP_OUTPUT, .mask = s->mask, .values = s->values};
        struct gpio_reply none;
        uint64_t now = 0; /* set by gpio_dev_run for a timed backend */
        struct refusal f = {.op = NULL};
        if (gpio_validate_step(&l, s, &why) != PV_R_OK)
            ret = rejected(&f, d, "sequence", why);
        else if (s->mask)
            ret = run_checked(d, &o, &now, &none);
        if (s->delay_ns) /* untimed steps have no schedule to keep */
            gpio_hist_add(&step_late, tnd_clock_now_ns() - t);
        arm(next_sync);
        pthread_mutex_unlock(&lock);
        if (f.op)
            say_refusals(&f, 1);
    }
    return ret;
}

/* --- readiness, start, exit --------------------------------------------- */

uint64_t gpio_svc_pending(void)
{
    pthread_mutex_lock(&lock);
    sync_backends();
    uint64_t ready = 0;
    for (unsigned i = 0; i < ndevs; i++)
        if (devs[i].evq.count)
            ready |= 1ULL << devs[i].handle;
    pthread_mutex_unlock(&lock);
    return ready;
}

uint64_t gpio_svc_timer_fired(void)
{
    uint64_t ticks;
    ssize_t n = read(timer, &ticks, sizeof ticks);
    (void)n;
    pthread_mutex_lock(&lock);
    timer_armed = UINT64_MAX; /* fired: it must be armed again */
    pthread_mutex_unlock(&lock);
    return gpio_svc_pending();
}

uint64_t gpio_svc_collect(struct gpio_dev *d)
{
    pthread_mutex_lock(&lock);
    gpio_dev_collect(d);
    uint64_t ready = d->evq.count ? 1ULL << d->handle : 0;
    pthread_mutex_unlock(&lock);
    return ready;
}

void gpio_svc_start(uint64_t t0)
{
    pthread_mutex_lock(&lock);
    for (unsigned i = 0; i < ndevs; i++)
        gpio_dev_start(&devs[i], t0);
    if (gpio_trace_begin(t0, devp, ndevs) != 0)
        tnd_warn("gpio: the trace header does not fit its buffer");
    sync_backends();
    pthread_mutex_unlock(&lock);
}

void gpio_svc_make_all_safe(void)
{
    /*
     * Every device safe before any is closed (released), then the words:
     * a stalled stderr delays none.
     */
    bool failed[GPIO_MAX_DEVICES] = {false};
    pthread_mutex_lock(&lock);
    sync_backends();
    for (unsigned i = 0; i < ndevs; i++) {
        struct gpio_dev *d = &devs[i];
        /* A dead device's lines went with its chip (said when it died). */
        failed[i] =
            gpio_dev_make_safe(d, gpio_dev_all(d)) != PV_R_OK && !d->dead;
    }
    for (unsigned i = 0; i < ndevs; i++)
        gpio_dev_close(&devs[i]);
    pthread_mutex_unlock(&lock);
    for (unsigned i = 0; i < ndevs; i++)
        if (failed[i])
            tnd_warn("gpio device '%s': could not reach the safe state",
                     devs[i].name);
    gpio_trace_close(tnd_clock_now_ns()); /* bounded wait, without the lock */
}

void gpio_svc_print_stats(void)
{
    tnd_warn("gpio stats: %llu sequence steps, lateness p50 %.1f us, "
             "p99 %.1f us, max %.1f us",
             (unsigned long long)step_late.n, gpio_hist_pct(&step_late, 0.5),
             gpio_hist_pct(&step_late, 0.99), step_late.max / 1e3);
}

void gpio_svc_locked(void (*fn)(void *arg), void *arg)
{
    pthread_mutex_lock(&lock);
    fn(arg);
    pthread_mutex_unlock(&lock);
}
