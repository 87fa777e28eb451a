/* SPDX-License-Identifier: ISC */
/* dropin.h: running as solo5-hvt (dropin.c). */
#ifndef TND_DROPIN_H
#define TND_DROPIN_H

/*
 * The status of a bad command line: TND_EXIT_USAGE, or TND_EXIT_ERROR
 * once tnd_dropin_init has seen a name starting "solo5-hvt" (dropin.c).
 */
extern int tnd_exit_usage;
/* Call first in main with argv[0]. */
void tnd_dropin_init(const char *argv0);

#endif
