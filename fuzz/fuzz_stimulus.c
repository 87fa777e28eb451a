/* SPDX-License-Identifier: ISC */
/*
 * fuzz_stimulus.c: libFuzzer target for the stimulus file parser
 * (tender/gpio/stimulus.c): the input is a stimulus file. What the parser
 * accepts must be sorted by time, stable, and within its limits.
 */
#include <stdlib.h>

#include "../tender/gpio/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gpio_stimulus s;
    char err[256];
    if (gpio_stimulus_parse((const char *)data, size, &s, err, sizeof err) !=
        0) {
        if (s.n != 0 || s.changes != NULL || err[0] == '\0')
            __builtin_trap();
        return 0;
    }
    if (s.ndevs > GPIO_MAX_DEVICES)
        __builtin_trap();
    for (size_t i = 0; i < s.n; i++) {
        const struct gpio_stim_change *c = &s.changes[i];
        if (c->dev >= s.ndevs || c->line >= PV_GPIO_MAX_LINES ||
            c->level < -1 || c->level > 1)
            __builtin_trap();
        if (i && c->t_ns < s.changes[i - 1].t_ns)
            __builtin_trap();
    }
    gpio_stimulus_free(&s);
    return 0;
}
