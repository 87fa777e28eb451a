/* SPDX-License-Identifier: ISC */
/*
 * core.h: what the core module (modules/mod_core.c) needs from core.c
 * beyond tender.h.
 */
#ifndef TND_CORE_H
#define TND_CORE_H

#include "tender.h"

#define TND_MAX_POLLSRCS 64

/* The registered poll sources; *n receives their count. */
const struct tnd_pollsrc *tnd_core_pollsrcs(unsigned *n);

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
