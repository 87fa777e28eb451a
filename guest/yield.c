/* SPDX-License-Identifier: ISC */
/*
 * yield.c: solo5_yield through the POLL hypercall. It never waits for
 * requests queued on the GPIO ring (a sequence may run for minutes): it
 * wakes the ring's I/O thread if it sleeps, and the queued requests are
 * applied while the guest waits (docs/gpio.md, ordering rule 3). So the
 * call returns by its deadline, or when a device is ready.
 *
 * The tender times the wait on the host's clock. Where the guest's cycle
 * counter does not keep step with it (a host whose own TSC is unstable,
 * as in the test VM: docs/testing.md), the wait can end a little early by
 * the guest's clock, so the rest is waited again: solo5_yield does not
 * return before its deadline unless a device is ready. (Solo5's own
 * bindings make one POLL; its contract, "returns when the deadline has
 * passed or a device is ready", allows the extra rounds.)
 */
#include "rt.h"

void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set)
{
    rt_gpio_ring_nudge();
    struct pv_hc_poll p;
    /* Each round is one exit that waits out the rest; a few always
     * suffice, and the bound keeps a clock that stalls from looping. */
    for (int round = 0; round < 16; round++) {
        solo5_time_t now = solo5_clock_monotonic();
        p = (struct pv_hc_poll){.timeout_nsecs =
                                    deadline > now ? deadline - now : 0};
        pv_hypercall(PV_HC_POLL, &p);
        if (p.ready_set || p.timeout_nsecs == 0 ||
            solo5_clock_monotonic() >= deadline)
            break;
    }
    if (ready_set)
        *ready_set = p.ready_set;
}
