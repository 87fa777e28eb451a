/* SPDX-License-Identifier: ISC */
/*
 * gpio.c: the GPIO_BASIC device class, guest side. Acquire is a lookup in
 * the manifest copy (the tender filled in the line count and permissions);
 * every other call is one request: on the shared-memory ring when the
 * tender offers one (gpio_ring.c), otherwise one hypercall.
 */
#include "rt.h"

_Static_assert(SOLO5_GPIO_INPUT == PV_GPIO_F_INPUT &&
                   SOLO5_GPIO_OUTPUT == PV_GPIO_F_OUTPUT &&
                   SOLO5_GPIO_ACTIVE_LOW == PV_GPIO_F_ACTIVE_LOW &&
                   SOLO5_GPIO_EDGE_RISING == PV_GPIO_F_EDGE_RISING &&
                   SOLO5_GPIO_EDGE_FALLING == PV_GPIO_F_EDGE_FALLING &&
                   SOLO5_GPIO_OPEN_DRAIN == PV_GPIO_F_OPEN_DRAIN &&
                   SOLO5_GPIO_OPEN_SOURCE == PV_GPIO_F_OPEN_SOURCE &&
                   SOLO5_GPIO_PULL_UP == PV_GPIO_F_BIAS_PULL_UP &&
                   SOLO5_GPIO_PULL_DOWN == PV_GPIO_F_BIAS_PULL_DOWN &&
                   SOLO5_GPIO_BIAS_DISABLED == PV_GPIO_F_BIAS_DISABLED,
               "solo5.h GPIO flags must equal the ABI's");
_Static_assert(sizeof(struct solo5_gpio_step) == sizeof(struct pv_gpio_step) &&
                   _Alignof(struct solo5_gpio_step) ==
                       _Alignof(struct pv_gpio_step),
               "solo5_gpio_step must have the ABI's layout");

solo5_result_t solo5_gpio_acquire(const char *name, solo5_handle_t *handle,
                                  struct solo5_gpio_info *info)
{
    const struct pv_mft_entry *e =
        rt_mft_get(name, PV_MFT_DEV_GPIO_BASIC, handle);
    if (e == NULL)
        return SOLO5_R_EINVAL;
    info->nlines = e->u.gpio_basic.nlines;
    info->perms = e->u.gpio_basic.perms;
    return SOLO5_R_OK;
}

/*
 * Each call takes one path: the ring when the tender offered one (set,
 * input, output, sequence), else its hypercall.
 */
solo5_result_t solo5_gpio_set(solo5_handle_t handle, uint64_t mask,
                              const struct solo5_gpio_config *config)
{
    struct pv_hc_gpio_set a = {.handle = handle,
                               .mask = mask,
                               .values = config->values,
                               .flags = config->flags,
                               .debounce_us = config->debounce_us};
    if (rt_gpio_ring_on())
        return rt_gpio_ring_set(&a);
    pv_hypercall(PV_HC_GPIO_SET, &a);
    return (solo5_result_t)a.ret;
}

solo5_result_t solo5_gpio_input(solo5_handle_t handle, uint64_t mask,
                                uint64_t *values)
{
    uint64_t v = 0;
    solo5_result_t ret;
    if (rt_gpio_ring_on()) {
        ret = rt_gpio_ring_input(handle, mask, &v);
    } else {
        struct pv_hc_gpio_values a = {.handle = handle, .mask = mask};
        pv_hypercall(PV_HC_GPIO_INPUT, &a);
        ret = (solo5_result_t)a.ret;
        v = a.values;
    }
    if (ret == SOLO5_R_OK)
        *values = v;
    return ret;
}

solo5_result_t solo5_gpio_output(solo5_handle_t handle, uint64_t mask,
                                 uint64_t values)
{
    if (rt_gpio_ring_on())
        return rt_gpio_ring_output(handle, mask, values);
    struct pv_hc_gpio_values a = {
        .handle = handle, .mask = mask, .values = values};
    pv_hypercall(PV_HC_GPIO_OUTPUT, &a);
    return (solo5_result_t)a.ret;
}

solo5_result_t solo5_gpio_clear(solo5_handle_t handle, uint64_t mask)
{
    rt_gpio_ring_drain();
    struct pv_hc_gpio_clear a = {.handle = handle, .mask = mask};
    pv_hypercall(PV_HC_GPIO_CLEAR, &a);
    if (a.ret == SOLO5_R_OK)
        rt_gpio_ring_cleared(handle, mask);
    return (solo5_result_t)a.ret;
}

solo5_result_t solo5_gpio_read_event(solo5_handle_t handle,
                                     struct solo5_gpio_event *event)
{
    rt_gpio_ring_drain();
    struct pv_hc_gpio_read_event a = {.handle = handle};
    pv_hypercall(PV_HC_GPIO_READ_EVENT, &a);
    if (a.ret == SOLO5_R_OK) {
        event->timestamp = a.ev.timestamp_ns;
        event->line = a.ev.line;
        event->edge = a.ev.edge;
        event->seqno = a.ev.seqno;
        event->line_seqno = a.ev.line_seqno;
    }
    return (solo5_result_t)a.ret;
}

solo5_result_t solo5_gpio_sequence(solo5_handle_t handle,
                                   const struct solo5_gpio_step *steps,
                                   size_t n)
{
    if (rt_gpio_ring_on())
        return rt_gpio_ring_sequence(handle, steps, n);
    /* Only the address crosses to the tender: nothing here reads them. */
    struct pv_hc_gpio_sequence a = {
        .handle = handle,
        .steps = (const struct pv_gpio_step *)(const void *)steps,
        .nsteps = (uint32_t)n};
    pv_hypercall(PV_HC_GPIO_SEQUENCE, &a);
    return (solo5_result_t)a.ret;
}

solo5_result_t solo5_gpio_sync(solo5_handle_t handle)
{
    return rt_gpio_ring_sync(handle);
}

solo5_result_t solo5_gpio_barrier(solo5_handle_t handle)
{
    return rt_gpio_ring_barrier(handle);
}
