/* SPDX-License-Identifier: ISC */
/*
 * gpio.h: what every part of the tender's GPIO subsystem shares: its
 * limits and the safe state (docs/gpio.md; the request path is in
 * docs/architecture.md). Each file's contracts are in the header beside
 * it (grant.h, device.h, sim.h, cdev.h, trace.h, service.h, ring.h).
 * Backends and parsers never exit: they return 0 or -errno and leave a
 * reason in an err buffer where the caller needs one. Values crossing
 * the backend interface are logical (1 = active, after active-low) and
 * use 64-bit masks indexed by the device's line index.
 */
#ifndef TND_GPIO_H
#define TND_GPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../abi.h"
#include "../../common/gpio_validate.h"

/*
 * The most GPIO devices one tender attaches: as many as a manifest can
 * declare (every entry but the reserved first one), so any valid
 * unikernel's devices can all be granted (docs/gpio.md).
 */
#define GPIO_MAX_DEVICES (PV_MFT_MAX_ENTRIES - 1)
#define GPIO_LINE_NAME_MAX 32
#define GPIO_CHIP_NAME_MAX 64
#define GPIO_EVQ_SIZE 1024 /* events kept per device; oldest dropped */

/* What granted output lines are driven to when the guest lets go. */
enum gpio_safe {
    GPIO_SAFE_LOW,   /* physical low (the default) */
    GPIO_SAFE_HIGH,  /* physical high */
    GPIO_SAFE_INPUT, /* switched to input: not driven */
};

#endif
