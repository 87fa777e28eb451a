/* SPDX-License-Identifier: ISC */
/* clock.h: host time and the guest cycle counter (clock.c). */
#ifndef TND_CLOCK_H
#define TND_CLOCK_H

#include <stdint.h>

struct tnd_vm;

/* Host CLOCK_MONOTONIC in nanoseconds. */
uint64_t tnd_clock_now_ns(void);

/*
 * Reads the guest cycle counter and the host CLOCK_MONOTONIC at the same
 * moment (within a few microseconds): the narrowest of eight samples.
 */
void tnd_clock_sync(struct tnd_vm *vm, uint64_t *cycles,
                    uint64_t *monotonic_ns);

#endif
