/* SPDX-License-Identifier: ISC */
/*
 * hist.h: latency histograms for --gpio-stats, 100 ns buckets up to
 * 1 ms (one more for anything later). Not locked: each histogram has
 * one writer, and is read once that writer has stopped.
 */
#ifndef TND_GPIO_HIST_H
#define TND_GPIO_HIST_H

#include <stdint.h>

#define GPIO_HIST_BUCKETS 10000

struct gpio_hist {
    uint32_t b[GPIO_HIST_BUCKETS + 1];
    uint64_t n, max; /* samples, the largest in ns */
};

/* Counts one sample of `ns` nanoseconds. */
void gpio_hist_add(struct gpio_hist *h, uint64_t ns);
/* The q quantile (0..1) in microseconds, the middle of its bucket. */
double gpio_hist_pct(const struct gpio_hist *h, double q);

#endif
