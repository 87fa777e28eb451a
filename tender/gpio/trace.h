/* SPDX-License-Identifier: ISC */
/* trace.h: the GPIO trace's declarations beyond gpio.h's. */
#ifndef PINVISOR_GPIO_TRACE_H
#define PINVISOR_GPIO_TRACE_H

#include <stdint.h>

#include "gpio.h"

/*
 * The smallest --gpio-trace-max that holds the trace's header whole (every
 * line name at its longest) and the comment that ends it, for the n grants
 * g. Call in the check phase: a smaller limit is a usage error.
 */
uint64_t gpio_trace_max_needed(const struct gpio_grant *g, unsigned n);

#endif
