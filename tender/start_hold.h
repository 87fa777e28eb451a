/* SPDX-License-Identifier: ISC */
/* start_hold.h: --check-only and --start-fifo (start_hold.c). */
#ifndef TND_START_HOLD_H
#define TND_START_HOLD_H

/*
 * With --start-fifo=PATH: blocks until one byte is written to the FIFO
 * PATH (a stop signal ends the tender through its exit hooks). Without
 * it, returns at once. Call after every acquisition, before the sandbox.
 */
void tnd_start_hold_wait(void);

/* With --check-only: exits 0. Call once every check has passed. */
void tnd_start_hold_check_only(void);

#endif
