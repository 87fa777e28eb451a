/* SPDX-License-Identifier: ISC */
/*
 * gpio_ops.h: for unit tests of a GPIO backend, its hooks called as the
 * device layer calls them.
 */
#ifndef TEST_GPIO_OPS_H
#define TEST_GPIO_OPS_H

#include "../../tender/gpio/device.h"

/*
 * The backend hooks as the device layer calls them: each hands what the
 * backend saw change to gpio_dev_apply (events queued, levels traced).
 */
static struct gpio_changes changes;

static inline int cfg_op(struct gpio_dev *d, const struct gpio_line_cfg *cfg,
                         uint64_t v)
{
    changes.n = 0;
    int rc = d->ops->configure(d, cfg, v, &changes);
    gpio_dev_apply(&changes);
    return rc;
}

static inline int set_op(struct gpio_dev *d, uint64_t mask, uint64_t v)
{
    changes.n = 0;
    int rc = d->ops->set(d, mask, v, &changes);
    gpio_dev_apply(&changes);
    return rc;
}

static inline int collect_op(struct gpio_dev *d)
{
    changes.n = 0;
    int rc = d->ops->collect(d, &changes);
    gpio_dev_apply(&changes);
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
