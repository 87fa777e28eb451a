/* SPDX-License-Identifier: ISC */
/*
 * dropin.c: the tender run under a name starting "solo5-hvt" (the
 * binary urunc and Albatross run; docs/fleet.md): a bad command line
 * then exits 1, as Solo5's own tender does.
 */
#include <string.h>

#include "dropin.h"
#include "log.h"

int tnd_exit_usage = TND_EXIT_USAGE;

void tnd_dropin_init(const char *argv0)
{
    const char *base = strrchr(argv0, '/');
    base = base ? base + 1 : argv0;
    if (strncmp(base, "solo5-hvt", 9) == 0)
        tnd_exit_usage = TND_EXIT_ERROR;
}
