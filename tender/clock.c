/* SPDX-License-Identifier: ISC */
/*
 * clock.c: the host's monotonic clock, and its pairing with the guest's
 * cycle counter for the boot info.
 */
#include <time.h>

#include "arch.h"
#include "clock.h"

uint64_t tnd_clock_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void tnd_clock_sync(struct tnd_vm *vm, uint64_t *cycles, uint64_t *monotonic_ns)
{
    uint64_t best = UINT64_MAX;
    for (int i = 0; i < 8; i++) {
        uint64_t c, t;
        uint64_t width = tnd_arch_clock_sample(vm, &c, &t);
        if (width >= best)
            continue;
        best = width;
        *cycles = c;
        *monotonic_ns = t;
    }
}
