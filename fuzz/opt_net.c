/* SPDX-License-Identifier: ISC */
/*
 * opt_net.c: the net module, built into fuzz_options with a reset for
 * its option state.
 */
#include "../tender/modules/mod_net.c"

void fuzz_opt_net_reset(void);
void fuzz_opt_net_reset(void)
{
    memset(taps, 0, sizeof taps);
    ntaps = 0;
    memset(by_handle, 0, sizeof by_handle);
}
