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
