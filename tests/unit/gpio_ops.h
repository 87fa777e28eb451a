/* SPDX-License-Identifier: ISC */
/*
 * gpio_ops.h: for unit tests of a GPIO backend, its hooks called as the
 * device layer calls them.
 */
#ifndef TEST_GPIO_OPS_H
#define TEST_GPIO_OPS_H

#include <errno.h>
#include <stdbool.h>

#include "../../tender/gpio/device.h"

/*
 * The backend hooks as the device layer calls them: each hands what the
 * backend saw change to gpio_dev_apply (events queued, levels traced),
 * and calls again when the backend asks (GPIO_HOOK_AGAIN). `when` is the
 * request's time: now_ns 0 (the backend's present time) unless a test
 * sets it; next_ns receives what a timed backend says.
 */
static struct gpio_changes changes;
static struct gpio_time when = {.now_ns = 0, .next_ns = UINT64_MAX};

static inline bool again_op(int rc)
{
    gpio_dev_apply(&changes);
    changes.n = 0;
    return rc == GPIO_HOOK_AGAIN;
}

static inline int cfg_op(struct gpio_dev *d, const struct gpio_line_cfg *cfg,
                         uint64_t v)
{
    int rc;
    changes.n = 0;
    do
        rc = d->ops->configure(d, &when, cfg, v, &changes);
    while (again_op(rc));
    return rc;
}

static inline int set_op(struct gpio_dev *d, uint64_t mask, uint64_t v)
{
    int rc;
    changes.n = 0;
    do
        rc = d->ops->set(d, &when, mask, v, &changes);
    while (again_op(rc));
    return rc;
}

static inline int get_op(struct gpio_dev *d, uint64_t mask, uint64_t *v)
{
    int rc;
    changes.n = 0;
    do
        rc = d->ops->get(d, &when, mask, v, &changes);
    while (again_op(rc));
    return rc;
}

static inline int collect_op(struct gpio_dev *d)
{
    int rc;
    changes.n = 0;
    do
        rc = d->ops->collect(d, &when, &changes);
    while (again_op(rc));
    return rc;
}

/* Eleven distinct input flag sets: one more than a line request holds. */
static const uint32_t distinct[] = {
    PV_GPIO_F_INPUT,
    PV_GPIO_F_INPUT | PV_GPIO_F_ACTIVE_LOW,
    PV_GPIO_F_INPUT | PV_GPIO_F_EDGE_RISING,
    PV_GPIO_F_INPUT | PV_GPIO_F_EDGE_FALLING,
    PV_GPIO_F_INPUT | PV_GPIO_F_EDGE_RISING | PV_GPIO_F_EDGE_FALLING,
    PV_GPIO_F_INPUT | PV_GPIO_F_BIAS_PULL_UP,
    PV_GPIO_F_INPUT | PV_GPIO_F_BIAS_PULL_DOWN,
    PV_GPIO_F_INPUT | PV_GPIO_F_BIAS_DISABLED,
    PV_GPIO_F_INPUT | PV_GPIO_F_ACTIVE_LOW | PV_GPIO_F_EDGE_RISING,
    PV_GPIO_F_INPUT | PV_GPIO_F_ACTIVE_LOW | PV_GPIO_F_EDGE_FALLING,
    PV_GPIO_F_INPUT | PV_GPIO_F_ACTIVE_LOW | PV_GPIO_F_BIAS_PULL_UP,
};

#endif
