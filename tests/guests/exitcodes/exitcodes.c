/* SPDX-License-Identifier: ISC */
/*
 * exitcodes: returns the decimal status given on its command line, so the
 * tests can check that each one reaches the operator unchanged. A leading
 * '-' gives a negative status.
 */
#include "pvlibc.h"
#include "solo5.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *s = si->cmdline;
    int neg = *s == '-';
    if (neg)
        s++;
    if (*s == '\0') {
        printf("FAILURE: usage: exitcodes.hvt STATUS\n");
        return SOLO5_EXIT_FAILURE;
    }
    int v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > 100000) {
            printf("FAILURE: '%s' is not a status\n", si->cmdline);
            return SOLO5_EXIT_FAILURE;
        }
        v = v * 10 + (*s - '0');
    }
    if (neg)
        v = -v;
    printf("SUCCESS: exiting with status %d\n", v);
    return v;
}
