/* SPDX-License-Identifier: ISC */
/*
 * opt_gpio.c: the GPIO module, built into fuzz_options with a reset for
 * its option state. The fuzzer does not make the tender read host files:
 * the stimulus path is dropped before the check phase.
 */
#include "../tender/modules/mod_gpio.c"

void fuzz_opt_gpio_reset(void);
void fuzz_opt_gpio_reset(void)
{
    memset(grants, 0, sizeof grants);
    memset(grant_args, 0, sizeof grant_args);
    memset(sim_offsets, 0, sizeof sim_offsets);
    ngrants = 0;
    trace_path = stim_path = NULL;
    want_stats = ring_off = false;
    spin_us = GPIO_RING_SPIN_DEFAULT_US;
    trace_max = GPIO_TRACE_MAX_DEFAULT;
    trace_max_arg = NULL;
}

void fuzz_opt_gpio_no_input_files(void);
void fuzz_opt_gpio_no_input_files(void)
{
    stim_path = NULL;
}
