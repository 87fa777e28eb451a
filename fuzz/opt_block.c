/* SPDX-License-Identifier: ISC */
/*
 * opt_block.c: the block module, built into fuzz_options with a reset
 * for its option state (libFuzzer runs many inputs in one process).
 */
#include "../tender/modules/mod_block.c"

void fuzz_opt_block_reset(void);
void fuzz_opt_block_reset(void)
{
    memset(blks, 0, sizeof blks);
    nblks = 0;
    memset(by_handle, 0, sizeof by_handle);
}
