/* SPDX-License-Identifier: ISC */
/*
 * hello: the command line reaches the application unchanged.
 */
#include "pvlibc.h"
#include "solo5.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    printf("Hello, World\nCommand line is: '%s'\n", si->cmdline);
    if (strcmp(si->cmdline, "Hello_Solo5") != 0) {
        printf("FAILURE: unexpected command line\n");
        return SOLO5_EXIT_FAILURE;
    }
    printf("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
