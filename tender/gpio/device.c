/* SPDX-License-Identifier: ISC */
/*
 * device.c: a granted GPIO device as the guest sees it. Keeps the line
 * configuration, the output values and the edge-event queue, applies
 * validated requests through the backend, and knows the safe state. It is
 * the only writer of the trace: output changes it makes, input levels its
 * backend reports (gpio_dev_input_level).
 *
 * d->cfg is what the backend currently has for every line (including lines
 * left in their safe state); d->enabled is the subset the guest controls.
 */
#include <string.h>
#include <time.h>

#include "../tender.h"
#include "gpio.h"

uint64_t gpio_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

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

static void trace_outputs(struct gpio_dev *d, uint64_t mask)
{
    if (!gpio_trace_enabled())
        return;
    uint64_t t = gpio_now_ns();
    for (unsigned i = 0; i < d->nlines; i++)
        if ((mask & d->outputs) & (1ULL << i))
            gpio_trace_change(d, i, gpio_dev_out_level(d, i), t);
}

void gpio_dev_input_level(struct gpio_dev *d, unsigned i, char level,
                          uint64_t t_ns)
{
    if (d->trace_var >= 0)
        gpio_trace_change(d, i, level, t_ns);
}

static int backend_failed(struct gpio_dev *d, const char *op, int rc)
{
    tnd_warn("gpio device '%s': %s %s failed: error %d", d->name, d->ops->name,
             op, -rc);
    return PV_R_EUNSPEC;
}

/* Applies cfg to the backend; on success makes it the device's state. */
static int apply(struct gpio_dev *d, const struct gpio_line_cfg *cfg,
                 uint64_t outputs, uint64_t values)
{
    int rc = d->ops->configure(d, cfg, values & outputs);
    if (rc)
        return backend_failed(d, "configure", rc);
    memcpy(d->cfg, cfg, sizeof d->cfg);
    d->outputs = outputs;
    d->out_values = values & outputs;
    return PV_R_OK;
}

int gpio_dev_set(struct gpio_dev *d, uint64_t mask, uint32_t flags,
                 uint32_t debounce_us, uint64_t values)
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
    int rc = apply(d, cfg, outputs, v);
    if (rc)
        return rc;
    d->enabled |= mask;
    trace_outputs(d, mask);
    return PV_R_OK;
}

int gpio_dev_input(struct gpio_dev *d, uint64_t mask, uint64_t *values)
{
    uint64_t v = 0;
    int rc = d->ops->get(d, mask, &v);
    if (rc)
        return backend_failed(d, "get", rc);
    *values = v & mask;
    return PV_R_OK;
}

int gpio_dev_output(struct gpio_dev *d, uint64_t mask, uint64_t values)
{
    int rc = d->ops->set(d, mask, values & mask);
    if (rc)
        return backend_failed(d, "set", rc);
    d->out_values = (d->out_values & ~mask) | (values & mask);
    trace_outputs(d, mask);
    return PV_R_OK;
}

int gpio_dev_make_safe(struct gpio_dev *d, uint64_t mask)
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
    int rc = apply(d, cfg, outputs, values);
    if (rc)
        return rc; /* still enabled: a later attempt tries again */
    d->enabled &= ~mask;
    trace_outputs(d, mask); /* backends trace lines that became inputs */
    return PV_R_OK;
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
