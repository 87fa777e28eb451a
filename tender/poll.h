/* SPDX-License-Identifier: ISC */
/* poll.h: the POLL hypercall's wait (poll.c). */
#ifndef TND_POLL_H
#define TND_POLL_H

#include <stdint.h>

/*
 * Creates the POLL wait set from the registered poll sources. Call once,
 * after every module's setup.
 */
void tnd_poll_init(void);

/*
 * Waits up to timeout_ns for a poll source to become ready; returns the
 * ready set (0 when the timeout expired first). Ends the tender when a
 * stop is asked for (tnd_core_signal).
 */
uint64_t tnd_poll_wait(uint64_t timeout_ns);

#endif
