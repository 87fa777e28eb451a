/*
 * service.c: the granted GPIO devices and the operations both request
 * paths share: the hypercalls (vCPU thread, modules/mod_gpio.c) and the
 * request ring (I/O thread, ring.c). Every operation validates its
 * request copy with gpio/validate.c, brings the simulated chip up to now,
 * and acts on the device under one lock; sequences sleep between steps
 * without holding it.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "../tender.h"
#include "service.h"

static struct gpio_dev devs[GPIO_MAX_DEVICES];
static struct gpio_dev *devp[GPIO_MAX_DEVICES];
static struct gpio_dev *by_handle[PV_MFT_MAX_ENTRIES];
static unsigned ndevs;
static pthread_mutex_t lock;

static struct gpio_sim_chip *sim;
static int sim_timer = -1;
static uint64_t sim_armed = UINT64_MAX;

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

struct gpio_sim_chip *gpio_svc_sim(bool create)
{
    if (sim == NULL && create)
        sim = gpio_sim_new();
    return sim;
}

int gpio_svc_sim_timer(void)
{
    if (sim && sim_timer < 0)
        sim_timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    return sim_timer;
}

static struct gpio_dev *dev_of(uint64_t handle)
{
    return handle < PV_MFT_MAX_ENTRIES ? by_handle[handle] : NULL;
}

/* Arms the sim timer for absolute time `next` if that changed. */
static void arm_sim(uint64_t next)
{
    if (sim_timer < 0 || next == sim_armed)
        return;
    struct itimerspec it;
    memset(&it, 0, sizeof it);
    if (next != UINT64_MAX) {
        it.it_value.tv_sec = (time_t)(next / 1000000000ULL);
        it.it_value.tv_nsec = (long)(next % 1000000000ULL);
        if (next == 0)
            it.it_value.tv_nsec = 1;
    }
    if (timerfd_settime(sim_timer, TFD_TIMER_ABSTIME, &it, NULL) < 0)
        tnd_warn("gpio: timerfd_settime failed: %s", strerror(errno));
    else
        sim_armed = next;
}

/* Brings the simulated chip up to now. Call with the lock held. */
static void sync_sim(void)
{
    if (sim)
        arm_sim(gpio_sim_advance(sim, gpio_now_ns()));
}

static int rejected(const struct gpio_dev *d, const char *op, const char *why)
{
    tnd_info("gpio: %s on '%s' rejected: %s", op, d ? d->name : "?", why);
    return PV_R_EINVAL;
}

#define NO_DEVICE "no such GPIO device"

int gpio_svc_set(const struct pv_hc_gpio_set *r)
{
    struct gpio_dev *d = dev_of(r->handle);
    const char *why = NO_DEVICE;
    pthread_mutex_lock(&lock);
    if (d == NULL || gpio_validate_set(d, r, &why) != PV_R_OK) {
        pthread_mutex_unlock(&lock);
        return rejected(d, "set", why);
    }
    sync_sim();
    int ret = gpio_dev_set(d, r->mask, r->flags, r->debounce_us, r->values);
    sync_sim();
    pthread_mutex_unlock(&lock);
    return ret;
}

int gpio_svc_input(const struct pv_hc_gpio_values *r, uint64_t *values)
{
    struct gpio_dev *d = dev_of(r->handle);
    const char *why = NO_DEVICE;
    *values = 0;
    pthread_mutex_lock(&lock);
    if (d == NULL || gpio_validate_input(d, r, &why) != PV_R_OK) {
        pthread_mutex_unlock(&lock);
        return rejected(d, "input", why);
    }
    sync_sim();
    int ret = gpio_dev_input(d, r->mask, values);
    pthread_mutex_unlock(&lock);
    return ret;
}

int gpio_svc_output(const struct pv_hc_gpio_values *r)
{
    struct gpio_dev *d = dev_of(r->handle);
    const char *why = NO_DEVICE;
    pthread_mutex_lock(&lock);
    if (d == NULL || gpio_validate_output(d, r, &why) != PV_R_OK) {
        pthread_mutex_unlock(&lock);
        return rejected(d, "output", why);
    }
    sync_sim();
    int ret = gpio_dev_output(d, r->mask, r->values);
    sync_sim();
    pthread_mutex_unlock(&lock);
    return ret;
}

int gpio_svc_clear(const struct pv_hc_gpio_clear *r)
{
    struct gpio_dev *d = dev_of(r->handle);
    const char *why = NO_DEVICE;
    pthread_mutex_lock(&lock);
    if (d == NULL || gpio_validate_clear(d, r, &why) != PV_R_OK) {
        pthread_mutex_unlock(&lock);
        return rejected(d, "clear", why);
    }
    sync_sim();
    int ret = gpio_dev_clear(d, r->mask);
    sync_sim();
    pthread_mutex_unlock(&lock);
    return ret;
}

int gpio_svc_read_event(const struct pv_hc_gpio_read_event *r,
                        struct pv_gpio_event *ev)
{
    struct gpio_dev *d = dev_of(r->handle);
    if (d == NULL || r->pad0)
        return rejected(d, "read_event", d ? "non-zero padding" : NO_DEVICE);
    pthread_mutex_lock(&lock);
    sync_sim();
    int rc = d->ops->collect ? d->ops->collect(d) : 0;
    if (rc)
        tnd_warn("gpio device '%s': reading events failed: %s", d->name,
                 strerror(-rc));
    int ret = gpio_dev_pop_event(d, ev) ? PV_R_OK : PV_R_AGAIN;
    pthread_mutex_unlock(&lock);
    return ret;
}

/* --- sequences ---------------------------------------------------------- */

/* Step lateness, 100 ns buckets up to 1 ms, and the ring's latency. */
#define HIST_BUCKETS 10000
struct hist {
    uint32_t b[HIST_BUCKETS + 1];
    uint64_t n, max;
};
static struct hist step_late, ring_latency;

static void hist_add(struct hist *h, uint64_t ns)
{
    h->n++;
    if (ns > h->max)
        h->max = ns;
    uint64_t b = ns / 100;
    h->b[b < HIST_BUCKETS ? b : HIST_BUCKETS]++;
}

static double hist_pct(const struct hist *h, double q)
{
    uint64_t want = (uint64_t)(q * (double)h->n + 0.5), seen = 0;
    if (want == 0)
        want = 1;
    for (unsigned b = 0; b < HIST_BUCKETS; b++) {
        seen += h->b[b];
        if (seen >= want)
            return (b * 100 + 50) / 1e3;
    }
    return h->max / 1e3;
}

void gpio_svc_record_ring_latency(uint64_t ns)
{
    pthread_mutex_lock(&lock);
    hist_add(&ring_latency, ns);
    pthread_mutex_unlock(&lock);
}

int gpio_svc_sequence(uint64_t handle, const struct pv_gpio_step *steps,
                      uint32_t n, uint64_t start, bool (*sleep)(uint64_t t))
{
    struct gpio_dev *d = dev_of(handle);
    const char *why = NO_DEVICE;
    pthread_mutex_lock(&lock);
    int ret = d ? gpio_validate_sequence(d, steps, n, &why) : PV_R_EINVAL;
    pthread_mutex_unlock(&lock);
    if (ret != PV_R_OK)
        return rejected(d, "sequence", why);
    uint64_t t = start;
    for (uint32_t i = 0; i < n && ret == PV_R_OK; i++) {
        t += steps[i].delay_ns;
        if (gpio_now_ns() < t && !sleep(t))
            return PV_R_EUNSPEC; /* the tender is stopping */
        pthread_mutex_lock(&lock);
        sync_sim();
        /* The guest may have reconfigured lines since validation. */
        if (steps[i].mask & ~(d->outputs & d->enabled))
            ret = rejected(d, "sequence", "line no longer an output");
        else if (steps[i].mask)
            ret = gpio_dev_output(d, steps[i].mask, steps[i].values);
        if (steps[i].delay_ns) /* untimed steps have no schedule to keep */
            hist_add(&step_late, gpio_now_ns() - t);
        pthread_mutex_unlock(&lock);
    }
    return ret;
}

/* --- readiness, start, exit --------------------------------------------- */

uint64_t gpio_svc_pending(void)
{
    pthread_mutex_lock(&lock);
    sync_sim();
    uint64_t ready = 0;
    for (unsigned i = 0; i < ndevs; i++)
        if (devs[i].evq.count)
            ready |= 1ULL << devs[i].handle;
    pthread_mutex_unlock(&lock);
    return ready;
}

uint64_t gpio_svc_sim_fired(void)
{
    uint64_t ticks;
    ssize_t n = read(sim_timer, &ticks, sizeof ticks);
    (void)n;
    pthread_mutex_lock(&lock);
    sim_armed = UINT64_MAX; /* fired: it must be armed again */
    pthread_mutex_unlock(&lock);
    return gpio_svc_pending();
}

uint64_t gpio_svc_collect(struct gpio_dev *d)
{
    pthread_mutex_lock(&lock);
    int rc = d->ops->collect ? d->ops->collect(d) : 0;
    if (rc)
        tnd_warn("gpio device '%s': reading events failed: %s", d->name,
                 strerror(-rc));
    uint64_t ready = d->evq.count ? 1ULL << d->handle : 0;
    pthread_mutex_unlock(&lock);
    return ready;
}

void gpio_svc_start(uint64_t t0)
{
    pthread_mutex_lock(&lock);
    if (sim)
        gpio_sim_start(sim, t0);
    if (gpio_trace_begin(t0, devp, ndevs) != 0)
        tnd_warn("gpio: cannot write the trace header");
    sync_sim();
    pthread_mutex_unlock(&lock);
}

void gpio_svc_make_all_safe(void)
{
    pthread_mutex_lock(&lock);
    sync_sim();
    for (unsigned i = 0; i < ndevs; i++) {
        struct gpio_dev *d = &devs[i];
        if (gpio_dev_make_safe(d, gpio_dev_all(d)) != PV_R_OK)
            tnd_warn("gpio device '%s': could not reach the safe state",
                     d->name);
        d->ops->close(d);
    }
    gpio_trace_close(gpio_now_ns());
    pthread_mutex_unlock(&lock);
}

void gpio_svc_print_stats(void)
{
    tnd_warn("gpio stats: %llu sequence steps, lateness p50 %.1f us, "
             "p99 %.1f us, max %.1f us",
             (unsigned long long)step_late.n, hist_pct(&step_late, 0.5),
             hist_pct(&step_late, 0.99), step_late.max / 1e3);
    if (ring_latency.n)
        tnd_warn("gpio stats: %llu ring requests, post to applied p50 "
                 "%.1f us, p99 %.1f us, max %.1f us",
                 (unsigned long long)ring_latency.n,
                 hist_pct(&ring_latency, 0.5), hist_pct(&ring_latency, 0.99),
                 ring_latency.max / 1e3);
}
