/* SPDX-License-Identifier: ISC */
/*
 * output: about 3 KB of console output through many PUTS hypercalls all
 * reach the tender's stdout, in order, and the guest exits normally.
 */
#include "pvlibc.h"
#include "solo5.h"

#define LINES 48

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    char line[96];
    size_t total = 0;
    for (int i = 1; i <= LINES; i++) {
        int n = snprintf(line, sizeof line,
                         "output line %02d of %d: "
                         "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH\n",
                         i, LINES);
        if (n < 0 || (size_t)n >= sizeof line) {
            printf("FAILURE: line %d does not fit\n", i);
            return SOLO5_EXIT_FAILURE;
        }
        solo5_console_write(line, (size_t)n);
        total += (size_t)n;
    }
    printf("output: %zu bytes written\n", total);
    if (total < 3000) {
        printf("FAILURE: only %zu bytes\n", total);
        return SOLO5_EXIT_FAILURE;
    }
    printf("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
