/* SPDX-License-Identifier: ISC */
/*
 * fuzz_i2c_sim.c: libFuzzer target for the I2C sim bus description parser
 * (tender/i2c/sim.c): the input is a description file. What the parser
 * accepts must be within its limits, its steps in time order and aimed
 * at sensors; a refusal must say why.
 */
#include <stdlib.h>

#include "../tender/i2c/i2c.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct i2c_sim s;
    char err[256];
    err[0] = '\0';
    if (i2c_sim_parse((const char *)data, size, &s, err, sizeof err) != 0) {
        if (err[0] == '\0')
            __builtin_trap();
        return 0;
    }
    if (s.ndevs > I2C_SIM_MAX_DEVS || s.nsteps > I2C_SIM_MAX_STEPS)
        __builtin_trap();
    for (unsigned i = 0; i < s.ndevs; i++)
        if (s.dev[i].addr < 0x08 || s.dev[i].addr > 0x77 ||
            s.dev[i].size == 0 || s.dev[i].size > 256)
            __builtin_trap();
    for (unsigned i = 0; i < s.nsteps; i++) {
        const struct i2c_sim_step *st = &s.step[i];
        if (st->n == 0 || st->n > I2C_SIM_STEP_BYTES ||
            (i && st->at_ns < s.step[i - 1].at_ns))
            __builtin_trap();
        unsigned d = 0;
        while (d < s.ndevs && s.dev[d].addr != st->addr)
            d++;
        if (d == s.ndevs || s.dev[d].kind != I2C_SIM_SENSOR)
            __builtin_trap();
    }
    return 0;
}
