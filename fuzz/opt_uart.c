/* SPDX-License-Identifier: ISC */
/*
 * opt_uart.c: the UART module, built into fuzz_options with a reset for
 * its option state (its grant parser is then fuzzed through handle_arg).
 * The fuzzer does not make the tender read host files: the sim scripts'
 * paths are dropped before the check phase.
 */
#include "../tender/modules/mod_uart.c"

void fuzz_opt_uart_reset(void);
void fuzz_opt_uart_reset(void)
{
    memset(grants, 0, sizeof grants);
    memset(grant_args, 0, sizeof grant_args);
    memset(sim_paths, 0, sizeof sim_paths);
    ngrants = 0;
    trace_path = NULL;
}

void fuzz_opt_uart_no_input_files(void);
void fuzz_opt_uart_no_input_files(void)
{
    memset(sim_paths, 0, sizeof sim_paths);
}
