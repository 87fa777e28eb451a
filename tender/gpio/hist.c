/* SPDX-License-Identifier: ISC */
/* hist.c: latency histograms for --gpio-stats (hist.h). */
#include "hist.h"

void gpio_hist_add(struct gpio_hist *h, uint64_t ns)
{
    h->n++;
    if (ns > h->max)
        h->max = ns;
    uint64_t b = ns / 100;
    h->b[b < GPIO_HIST_BUCKETS ? b : GPIO_HIST_BUCKETS]++;
}

double gpio_hist_pct(const struct gpio_hist *h, double q)
{
    uint64_t want = (uint64_t)(q * (double)h->n + 0.5), seen = 0;
    if (want == 0)
        want = 1;
    for (unsigned b = 0; b < GPIO_HIST_BUCKETS; b++) {
        seen += h->b[b];
        if (seen >= want)
            return (b * 100 + 50) / 1e3;
    }
    return h->max / 1e3;
}
