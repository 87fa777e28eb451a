/* SPDX-License-Identifier: ISC */
/*
 * hello: the smallest pinvisor unikernel. Prints a greeting and its
 * command line, and exits with status 0.
 */
#include "pvlibc.h"
#include "solo5.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    printf("Hello from a pinvisor unikernel!\n");
    if (si->cmdline[0] != '\0')
        printf("My command line: %s\n", si->cmdline);
    return SOLO5_EXIT_SUCCESS;
}
