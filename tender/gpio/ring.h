/* SPDX-License-Identifier: ISC */
/*
 * ring.h: the tender side of the GPIO request ring (docs/gpio.md): an I/O
 * thread that serves requests a native-mode guest posts in shared memory,
 * so GPIO operations need no VM exit.
 */
#ifndef TND_GPIO_RING_H
#define TND_GPIO_RING_H

#include <stdbool.h>
#include <stdint.h>

struct tnd_vm;

#define GPIO_RING_SPIN_DEFAULT_US 100
#define GPIO_RING_SPIN_MAX_US 1000000

/* Bytes of guest memory the ring takes (page-aligned). */
uint64_t gpio_ring_size(void);

/* With statistics, one in this many timestamped outputs is timed. */
#define GPIO_RING_LATENCY_SAMPLE 16

/*
 * Initialises the ring at guest-physical `gpa` (above the guest-visible
 * RAM), offers it in the boot-info extension, registers the kick port as
 * an ioeventfd and starts the I/O thread, which spins for spin_ns after
 * its last request before it sleeps until kicked; with `stats`, it times
 * post to applied for one in GPIO_RING_LATENCY_SAMPLE outputs the guest
 * timestamped (gpio_ring_print_stats). Call from setup(), before
 * the sandbox. Dies on failure.
 */
void gpio_ring_setup(struct tnd_vm *vm, uint64_t gpa, uint64_t spin_ns,
                     bool stats);

/*
 * Stops the I/O thread (a sequence in progress stops at its next step)
 * and waits for it unless called on it. Requests not yet started are
 * discarded. Idempotent; a no-op without a ring.
 */
void gpio_ring_stop(void);

/*
 * The ring in guest memory, for the debugger's view (debug.c), or NULL
 * without a ring. Everything in it but the tender's own fields is the
 * guest's to write: read each field once, trust none.
 */
const volatile struct pv_gpio_ring *gpio_ring_shared(void);

/* Prints the ring's post-to-applied latency, if any was timed. Call
   after gpio_ring_stop (--gpio-stats). */
void gpio_ring_print_stats(void);

#endif
