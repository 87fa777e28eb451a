/* SPDX-License-Identifier: ISC */
/*
 * device.c: a granted GPIO device as the guest sees it: the line
 * configuration, the output values, the edge-event queue and the safe
 * state. The only caller of the backend hooks.
 *
 * d->cfg is what the backend currently has for every line (including lines
 * left in their safe state); d->enabled is the subset the guest controls.
 */
#include <stdbool.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../abi.h"
#include "../clock.h"
#include "../log.h"
#include "device.h"

char gpio_dev_out_level(const struct gpio_dev *d, unsigned i)
{
    uint64_t bit = 1ULL << i;
    if (!(d->outputs & bit))
        return 'z';
    uint32_t f = d->cfg[i].flags;
    int phys = !!(d->out_values & bit) ^ !!(f & PV_GPIO_F_ACTIVE_LOW);
    if ((f & PV_GPIO_F_OPEN_DRAIN) && phys)
        return 'z';
    if ((f & PV_GPIO_F_OPEN_SOURCE) && !phys)
        return 'z';
    return phys ? '1' : '0';
}

/*
 * The trace's record queue: one producer (whoever holds the GPIO lock),
 * one consumer (the trace writer, trace.c). A full queue loses the new
 * record and counts it.
 */
#define TQ_SIZE 65536 /* a power of two */
static struct gpio_trace_rec tq[TQ_SIZE];
static _Atomic uint32_t tq_head, tq_tail;
static _Atomic uint64_t tq_lost;

void gpio_dev_record(struct gpio_dev *d, unsigned i, char level, uint64_t t_ns)
{
    if (d->trace_var < 0 || i >= d->nlines)
        return;
    uint32_t tail = atomic_load_explicit(&tq_tail, memory_order_relaxed);
    if (tail - atomic_load_explicit(&tq_head, memory_order_acquire) ==
        TQ_SIZE) {
        atomic_fetch_add_explicit(&tq_lost, 1, memory_order_relaxed);
        return;
    }
    tq[tail % TQ_SIZE] = (struct gpio_trace_rec){
        .t_ns = t_ns, .var = d->trace_var + (int)i, .level = level};
    atomic_store_explicit(&tq_tail, tail + 1, memory_order_release);
}

bool gpio_dev_trace_take(struct gpio_trace_rec *r)
{
    uint32_t head = atomic_load_explicit(&tq_head, memory_order_relaxed);
    if (head == atomic_load_explicit(&tq_tail, memory_order_acquire))
        return false;
    *r = tq[head % TQ_SIZE];
    atomic_store_explicit(&tq_head, head + 1, memory_order_release);
    return true;
}

bool gpio_dev_trace_pending(void)
{
    return atomic_load(&tq_head) != atomic_load(&tq_tail);
}

uint64_t gpio_dev_trace_lost(void)
{
    return atomic_load(&tq_lost);
}

unsigned gpio_dev_trace_last(struct gpio_trace_rec *out, unsigned n)
{
    /* Only the producer writes a slot, at the tail: the rest stay. */
    uint32_t tail = atomic_load(&tq_tail);
    if (n > TQ_SIZE)
        n = TQ_SIZE;
    if (n > tail)
        n = tail;
    for (unsigned k = 0; k < n; k++)
        out[k] = tq[(tail - n + k) % TQ_SIZE];
    return n;
}

static void trace_outputs(struct gpio_dev *d, uint64_t mask)
{
    if (d->trace_var < 0)
        return;
    uint64_t t = tnd_clock_now_ns();
    for (unsigned i = 0; i < d->nlines; i++)
        if ((mask & d->outputs) & (1ULL << i))
            gpio_dev_record(d, i, gpio_dev_out_level(d, i), t);
}

/* A warning the guest can repeat: at most one per interval and device. */
static void warn_limited(struct gpio_dev *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void warn_limited(struct gpio_dev *d, const char *fmt, ...)
{
    uint64_t now = tnd_clock_now_ns();
    if (d->warned_ns && now - d->warned_ns < GPIO_WARN_INTERVAL_NS) {
        d->muted++;
        return;
    }
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (d->muted)
        tnd_warn("%s (and %u more since the last)", msg, d->muted);
    else
        tnd_warn("%s", msg);
    d->warned_ns = now;
    d->muted = 0;
}

/* The chip of d went away: closed, said once; nothing reaches it again. */
static void vanished(struct gpio_dev *d)
{
    if (d->dead)
        return;
    d->dead = true;
    tnd_warn("gpio device '%s': its %s chip went away; its requests fail "
             "from now on",
             d->name, d->ops->name);
    d->ops->close(d);
}

static int backend_failed(struct gpio_dev *d, const char *op, int rc)
{
    if (rc == -ENODEV)
        vanished(d);
    else
        warn_limited(d, "gpio device '%s': %s %s failed: error %d", d->name,
                     d->ops->name, op, -rc);
    return PV_R_EUNSPEC;
}

void gpio_dev_apply(const struct gpio_changes *ch)
{
    for (unsigned k = 0; k < ch->n; k++) {
        const struct gpio_change *c = &ch->c[k];
        if (c->has_event)
            gpio_dev_push_event(c->dev, &c->ev);
        if (c->level)
            gpio_dev_record(c->dev, c->line, c->level, c->t_ns);
    }
}

char gpio_dev_level(struct gpio_dev *d, unsigned i)
{
    return !d->dead && d->ops->level ? d->ops->level(d, i) : 'x';
}

/*
 * Applies what a hook added to ch and empties it. Returns true if the
 * hook asked to be called again (GPIO_HOOK_AGAIN: ch filled up before it
 * acted).
 */
static bool again(struct gpio_changes *ch, int rc)
{
    gpio_dev_apply(ch);
    ch->n = 0;
    return rc == GPIO_HOOK_AGAIN;
}

/* The present time of a backend: a timed one moves no time. */
static struct gpio_time present(void)
{
    return (struct gpio_time){.now_ns = 0, .next_ns = UINT64_MAX};
}

bool gpio_dev_timed(const struct gpio_dev *d)
{
    return d->ops->sync != NULL;
}

uint64_t gpio_dev_sync(struct gpio_dev *d, uint64_t now_ns)
{
    if (d->dead || d->ops->sync == NULL)
        return UINT64_MAX;
    struct gpio_changes ch;
    uint64_t next;
    do {
        ch.n = 0;
        next = d->ops->sync(d, now_ns, &ch);
        gpio_dev_apply(&ch);
    } while (next <= now_ns && ch.n >= GPIO_CHANGES_MAX - 1);
    return next;
}

static void collect(struct gpio_dev *d, struct gpio_time *w)
{
    if (d->dead)
        return;
    if (d->ops->collect == NULL) { /* no act: only the time */
        w->next_ns = gpio_dev_sync(d, w->now_ns);
        return;
    }
    struct gpio_changes ch;
    ch.n = 0;
    int rc;
    unsigned n;
    do { /* a full ch: the backend may have more */
        rc = d->ops->collect(d, w, &ch);
        n = ch.n;
    } while (again(&ch, rc) || (rc == 0 && n > GPIO_CHANGES_MAX / 2));
    if (rc == -ENODEV)
        vanished(d);
    else if (rc)
        warn_limited(d, "gpio device '%s': reading events failed: error %d",
                     d->name, -rc);
}

void gpio_dev_collect(struct gpio_dev *d)
{
    struct gpio_time w = present();
    collect(d, &w);
}

void gpio_dev_start(struct gpio_dev *d, uint64_t t0_ns)
{
    if (d->ops->start)
        d->ops->start(d, t0_ns);
}

void gpio_dev_close(struct gpio_dev *d)
{
    if (!d->dead)
        d->ops->close(d);
}

/* Applies cfg to the backend; on success makes it the device's state. */
static int apply(struct gpio_dev *d, struct gpio_time *w,
                 const struct gpio_line_cfg *cfg, uint64_t outputs,
                 uint64_t values)
{
    if (d->dead)
        return PV_R_EUNSPEC;
    struct gpio_changes ch; /* only ch.n is read before written */
    ch.n = 0;
    int rc;
    do
        rc = d->ops->configure(d, w, cfg, values & outputs, &ch);
    while (again(&ch, rc));
    if (rc)
        return backend_failed(d, "configure", rc);
    memcpy(d->cfg, cfg, sizeof d->cfg);
    d->outputs = outputs;
    d->out_values = values & outputs;
    return PV_R_OK;
}

static int set_lines(struct gpio_dev *d, struct gpio_time *w, uint64_t mask,
                     uint32_t flags, uint32_t debounce_us, uint64_t values)
{
    struct gpio_line_cfg cfg[PV_GPIO_MAX_LINES];
    memcpy(cfg, d->cfg, sizeof cfg);
    for (unsigned i = 0; i < d->nlines; i++) {
        if (mask & (1ULL << i)) {
            cfg[i].flags = flags;
            cfg[i].debounce_us = debounce_us;
        }
    }
    uint64_t outputs =
        flags & PV_GPIO_F_OUTPUT ? d->outputs | mask : d->outputs & ~mask;
    uint64_t v = (d->out_values & ~mask) | (values & mask);
    int rc = apply(d, w, cfg, outputs, v);
    if (rc)
        return rc;
    d->enabled |= mask;
    trace_outputs(d, mask);
    return PV_R_OK;
}

int gpio_dev_set(struct gpio_dev *d, uint64_t mask, uint32_t flags,
                 uint32_t debounce_us, uint64_t values)
{
    struct gpio_time w = present();
    return set_lines(d, &w, mask, flags, debounce_us, values);
}

static int input(struct gpio_dev *d, struct gpio_time *w, uint64_t mask,
                 uint64_t *values)
{
    if (d->dead)
        return PV_R_EUNSPEC;
    struct gpio_changes ch;
    ch.n = 0;
    uint64_t v = 0;
    int rc;
    do
        rc = d->ops->get(d, w, mask, &v, &ch);
    while (again(&ch, rc));
    if (rc)
        return backend_failed(d, "get", rc);
    *values = v & mask;
    return PV_R_OK;
}

int gpio_dev_input(struct gpio_dev *d, uint64_t mask, uint64_t *values)
{
    struct gpio_time w = present();
    return input(d, &w, mask, values);
}

static int output(struct gpio_dev *d, struct gpio_time *w, uint64_t mask,
                  uint64_t values)
{
    if (d->dead)
        return PV_R_EUNSPEC;
    struct gpio_changes ch; /* 7 KiB: not cleared for each output */
    ch.n = 0;
    int rc;
    do
        rc = d->ops->set(d, w, mask, values & mask, &ch);
    while (again(&ch, rc));
    if (rc)
        return backend_failed(d, "set", rc);
    d->out_values = (d->out_values & ~mask) | (values & mask);
    trace_outputs(d, mask);
    return PV_R_OK;
}

int gpio_dev_output(struct gpio_dev *d, uint64_t mask, uint64_t values)
{
    struct gpio_time w = present();
    return output(d, &w, mask, values);
}

static int make_safe(struct gpio_dev *d, struct gpio_time *w, uint64_t mask)
{
    mask &= d->enabled;
    if (mask == 0)
        return PV_R_OK;
    struct gpio_line_cfg cfg[PV_GPIO_MAX_LINES];
    memcpy(cfg, d->cfg, sizeof cfg);
    uint64_t outputs = d->outputs, values = d->out_values;
    uint64_t to_input = d->safe == GPIO_SAFE_INPUT ? mask : mask & ~outputs;
    for (unsigned i = 0; i < d->nlines; i++) {
        uint64_t bit = 1ULL << i;
        if (!(mask & bit))
            continue;
        cfg[i].debounce_us = 0;
        if (to_input & bit) {
            /* An input keeps its bias but loses edge detection. */
            cfg[i].flags =
                PV_GPIO_F_INPUT | (cfg[i].flags & (PV_GPIO_F_BIAS_PULL_UP |
                                                   PV_GPIO_F_BIAS_PULL_DOWN |
                                                   PV_GPIO_F_BIAS_DISABLED));
            outputs &= ~bit;
        } else {
            /* Plain push-pull, active high: the level is what we say. */
            cfg[i].flags = PV_GPIO_F_OUTPUT;
            if (d->safe == GPIO_SAFE_HIGH)
                values |= bit;
            else
                values &= ~bit;
        }
    }
    int rc = apply(d, w, cfg, outputs, values);
    if (rc)
        return rc; /* still enabled: a later attempt tries again */
    d->enabled &= ~mask;
    trace_outputs(d, mask); /* backends trace lines that became inputs */
    return PV_R_OK;
}

int gpio_dev_make_safe(struct gpio_dev *d, uint64_t mask)
{
    struct gpio_time w = present();
    return make_safe(d, &w, mask);
}

int gpio_dev_clear(struct gpio_dev *d, uint64_t mask)
{
    return gpio_dev_make_safe(d, mask);
}

void gpio_dev_push_event(struct gpio_dev *d, const struct pv_gpio_event *ev)
{
    struct gpio_evq *q = &d->evq;
    if (q->count == GPIO_EVQ_SIZE) {
        q->head = (q->head + 1) % GPIO_EVQ_SIZE;
        q->count--;
        q->dropped++;
    }
    q->ev[(q->head + q->count) % GPIO_EVQ_SIZE] = *ev;
    q->count++;
}

bool gpio_dev_pop_event(struct gpio_dev *d, struct pv_gpio_event *ev)
{
    struct gpio_evq *q = &d->evq;
    if (q->count == 0)
        return false;
    *ev = q->ev[q->head];
    q->head = (q->head + 1) % GPIO_EVQ_SIZE;
    q->count--;
    return true;
}

/* The act of a validated request, at the time in w. */
static int act(struct gpio_dev *d, struct gpio_time *w,
               const struct gpio_request *r, struct gpio_reply *out)
{
    switch (r->op) {
    case GPIO_OP_SET:
        return set_lines(d, w, r->mask, r->flags, r->debounce_us, r->values);
    case GPIO_OP_INPUT:
        return input(d, w, r->mask, &out->values);
    case GPIO_OP_OUTPUT:
        return output(d, w, r->mask, r->values);
    case GPIO_OP_CLEAR:
        if ((r->mask & d->enabled) == 0) { /* no act: only the time */
            w->next_ns = gpio_dev_sync(d, w->now_ns);
            return PV_R_OK;
        }
        return make_safe(d, w, r->mask);
    default: /* GPIO_OP_READ_EVENT */
        collect(d, w);
        return gpio_dev_pop_event(d, &out->ev) ? PV_R_OK : PV_R_AGAIN;
    }
}

int gpio_dev_run(struct gpio_dev *d, const struct gpio_request *r,
                 uint64_t *now_ns, struct gpio_reply *out, uint64_t *next)
{
    struct gpio_time w = present();
    if (gpio_dev_timed(d))
        w.now_ns = *now_ns = tnd_clock_now_ns();
    int ret = act(d, &w, r, out);
    *next = w.next_ns;
    return ret;
}
