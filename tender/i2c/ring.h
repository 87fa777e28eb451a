/* SPDX-License-Identifier: ISC */
/*
 * ring.h: the tender side of the I2C request ring (docs/abi.md): a
 * native-mode guest posts whole transfers, bytes inline, in shared memory;
 * an I/O thread (ring_thread.h) runs them through the same path as the
 * hypercall, so a slow bus never holds the vCPU in an exit.
 */
#ifndef TND_I2C_RING_H
#define TND_I2C_RING_H

#include <stdint.h>

#include "i2c.h"

struct tnd_vm;

/* Bytes of guest memory the ring takes (page-aligned). */
uint64_t i2c_ring_size(void);

/*
 * Copies slot idx (masked) of ring r out of shared memory once and runs
 * it with run, which gets the messages only when their count is 1..
 * PV_I2C_MAX_MSGS (else zeroed ones, for the rules to refuse) and whose
 * io copies bytes between slot and bounce buffers only for messages the
 * rules accepted; writes the result in the slot. Never reads or writes
 * outside the slot.
 */
void i2c_ring_serve(struct pv_i2c_ring *r, uint32_t idx, i2c_run_fn run);

/*
 * Initialises the ring at guest-physical gpa (above guest RAM), offers it
 * in the boot-info extension and starts its I/O thread, which serves each
 * request with run. Call from setup(), before the sandbox. Dies on
 * failure.
 */
void i2c_ring_setup(struct tnd_vm *vm, uint64_t gpa, i2c_run_fn run);

/* Stops the I/O thread (ring_thread.h). Idempotent. */
void i2c_ring_stop(void);

/* How many requests the ring's thread has served so far (refused ones
 * too). Any thread. */
unsigned long long i2c_ring_served(void);

#endif
