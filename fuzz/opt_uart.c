/* SPDX-License-Identifier: ISC */
/*
 * opt_uart.c: the UART module, built into fuzz_options with a reset for
 * its option state (its grant parser is then fuzzed through handle_arg).
 */
#include "../tender/modules/mod_uart.c"

void fuzz_opt_uart_reset(void);
void fuzz_opt_uart_reset(void)
{
    memset(grants, 0, sizeof grants);
    memset(grant_args, 0, sizeof grant_args);
    ngrants = 0;
    trace_path = NULL;
}
