/*
 * gpio_ring.c: the guest side of the GPIO request ring. Until the tender
 * offers a ring (boot-info extension) every GPIO call uses hypercalls.
 */
#include "rt.h"

void rt_gpio_ring_init(void)
{
}

void rt_gpio_ring_drain(void)
{
}

bool rt_gpio_ring_set(struct pv_hc_gpio_set *a)
{
    (void)a;
    return false;
}

bool rt_gpio_ring_input(struct pv_hc_gpio_values *a)
{
    (void)a;
    return false;
}

bool rt_gpio_ring_output(struct pv_hc_gpio_values *a)
{
    (void)a;
    return false;
}

bool rt_gpio_ring_sequence(struct pv_hc_gpio_sequence *a)
{
    (void)a;
    return false;
}
