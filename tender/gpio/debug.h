/* SPDX-License-Identifier: ISC */
/*
 * debug.h: the GPIO state as the debugger's `monitor gpio` shows it and
 * the one change it may make (docs/debugging.md). For the gdb stub, which
 * calls these on the vCPU thread while the guest is stopped.
 */
#ifndef TND_GPIO_DEBUG_H
#define TND_GPIO_DEBUG_H

#include <stddef.h>

/*
 * Writes, under the GPIO lock, each granted device's lines (name, chip
 * offset, direction, flags, level), the ring's pending requests and the
 * last ntrace trace records into buf (len bytes, NUL-terminated, cut
 * short with a "(cut short)" line when it does not fit). Returns the
 * length written.
 */
size_t gpio_debug_show(char *buf, size_t len, unsigned ntrace);

/*
 * Drives line `line` (its index in the device or its name) of device
 * `dev` to `level` from outside, as a stimulus would, under the GPIO
 * lock: only a line of a sim device that the guest does not drive (an
 * input, or a line it has not configured). Returns 0, or -ENOENT (no
 * such device or line) or -EPERM (refused), with a one-line reason in
 * err.
 */
int gpio_debug_set(const char *dev, const char *line, int level, char *err,
                   size_t errlen);

#endif
