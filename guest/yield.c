/*
 * yield.c: solo5_yield through the POLL hypercall. Requests already posted
 * on the GPIO ring are applied before the guest sleeps (docs/gpio.md).
 */
#include "rt.h"

void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set)
{
    rt_gpio_ring_drain();
    solo5_time_t now = solo5_clock_monotonic();
    struct pv_hc_poll p = {.timeout_nsecs =
                               deadline > now ? deadline - now : 0};
    cpu_hypercall(PV_HC_POLL, &p);
    if (ready_set)
        *ready_set = p.ready_set;
}
