/* SPDX-License-Identifier: ISC */
/*
 * idle: blocks in solo5_yield for the number of milliseconds given on its
 * command line (default 1000), then prints SUCCESS. Used to look at a
 * running tender from outside (sandbox status, idle CPU cost, signals).
 */
#include "pvlibc.h"
#include "solo5.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    unsigned ms = 0;
    for (const char *c = si->cmdline; *c >= '0' && *c <= '9'; c++)
        ms = ms * 10 + (unsigned)(*c - '0');
    if (si->cmdline[0] == '\0')
        ms = 1000;
    printf("idle: sleeping %u ms\n", ms);
    solo5_time_t deadline =
        solo5_clock_monotonic() + (solo5_time_t)ms * 1000000ULL;
    while (solo5_clock_monotonic() < deadline)
        solo5_yield(deadline, NULL);
    printf("SUCCESS\n");
    return 0;
}
