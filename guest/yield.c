/*
 * yield.c: solo5_yield through the POLL hypercall. It never waits for
 * requests queued on the GPIO ring (a sequence may run for minutes): it
 * wakes the ring's I/O thread if it sleeps, and the queued requests are
 * applied while the guest waits (docs/gpio.md, ordering rule 3). So the
 * call returns by its deadline, or when a device is ready.
 */
#include "rt.h"

void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set)
{
    rt_gpio_ring_nudge();
    solo5_time_t now = solo5_clock_monotonic();
    struct pv_hc_poll p = {.timeout_nsecs =
                               deadline > now ? deadline - now : 0};
    cpu_hypercall(PV_HC_POLL, &p);
    if (ready_set)
        *ready_set = p.ready_set;
}
