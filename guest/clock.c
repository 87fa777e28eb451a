/* SPDX-License-Identifier: ISC */
/*
 * clock.c: the monotonic clock from the cycle counter (no exit) and the
 * wall clock from the WALLTIME hypercall.
 *
 * ns = base + ((cycles - cycles0) * mult) >> 32, with mult = 1e9 * 2^32 /
 * freq. In native mode base and cycles0 come from the tender's
 * synchronisation with host CLOCK_MONOTONIC, so guest time and GPIO event
 * timestamps share one time base; in Solo5 mode time starts at boot.
 */
#include "rt.h"

static uint64_t cycles0, base_ns, mult;

void rt_clock_init(void)
{
    uint64_t freq = rt_boot_info->cpu_cycle_freq;
    if (freq == 0)
        RT_PANIC("no cycle counter frequency in boot info");
    mult = (1000000000ULL << 32) / freq; /* 1e9 * 2^32 < 2^64 */
    if (rt_boot_ext) {
        cycles0 = rt_boot_ext->cycles_at_sync;
        base_ns = rt_boot_ext->monotonic_at_sync;
    } else {
        cycles0 = cpu_cycles();
        base_ns = 0;
    }
}

solo5_time_t solo5_clock_monotonic(void)
{
    uint64_t d = cpu_cycles() - cycles0;
    return base_ns + (uint64_t)(((unsigned __int128)d * mult) >> 32);
}

solo5_time_t solo5_clock_wall(void)
{
    struct pv_hc_walltime a;
    pv_hypercall(PV_HC_WALLTIME, &a);
    return a.nsecs;
}
