/* SPDX-License-Identifier: ISC */
/*
 * trace.h: the VCD trace of the granted lines (trace.c).
 */
#ifndef TND_GPIO_TRACE_H
#define TND_GPIO_TRACE_H

#include "device.h"
#include "grant.h"

/*
 * The VCD trace of every granted line (docs/gpio.md, "Traces"): the
 * device layer queues records, one writer thread writes them, never under
 * the GPIO lock.
 */
#define GPIO_TRACE_MAX_DEFAULT (256ULL << 20) /* --gpio-trace-max */
#define GPIO_TRACE_CLOSE_NS 1000000000ULL     /* how long the exit waits */

/* The most bytes the trace file may take (before gpio_trace_open). */
void gpio_trace_set_max(uint64_t size);
/*
 * Opens `path` for writing, created if missing, neither truncated (the
 * caller does that once it has checked the file is none of its inputs)
 * nor followed if it is a symbolic link; makes it non-blocking and
 * starts the writer thread; before the sandbox. 0 or -errno with a
 * reason in err.
 */
int gpio_trace_open(const char *path, char *err, size_t errlen);
bool gpio_trace_enabled(void);
/* Time zero of the trace (absolute ns; 0 before gpio_trace_begin). */
uint64_t gpio_trace_start_ns(void);
/* Declares the lines of d (before gpio_trace_begin); sets d->trace_var. */
void gpio_trace_add_device(struct gpio_dev *d);
/*
 * Formats the header and the initial values (t0_ns is time zero) for the
 * writer; no I/O. Returns 0, or -E2BIG if the header did not fit.
 */
int gpio_trace_begin(uint64_t t0_ns, struct gpio_dev *const *devs,
                     size_t ndevs);
/* Asks the writer to write what is queued now (the guest idles). */
void gpio_trace_kick(void);
/*
 * Ends the trace at absolute t_ns: the writer writes what is queued and
 * syncs the file, waiting at most GPIO_TRACE_CLOSE_NS for a reader that
 * does not read; then the file is closed (idempotent). Call without the
 * GPIO lock.
 */
void gpio_trace_close(uint64_t t_ns);
/*
 * After gpio_trace_close: NULL if the trace is whole, else why not; *lost
 * receives the records that are not in the file.
 */
const char *gpio_trace_incomplete(uint64_t *lost);
/* The trace file's fd, or -1 (for the sandbox). */
int gpio_trace_fd(void);

/*
 * The smallest --gpio-trace-max that holds the trace's header whole (every
 * line name at its longest) and the comment that ends it, for the n grants
 * g. Call in the check phase: a smaller limit is a usage error.
 */
uint64_t gpio_trace_max_needed(const struct gpio_grant *g, unsigned n);

#endif
