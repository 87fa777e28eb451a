/* SPDX-License-Identifier: ISC */
/* options.h: the parse and check phases of the command line (options.c). */
#ifndef TND_OPTIONS_H
#define TND_OPTIONS_H

#include <stdint.h>

struct pv_mft;

/*
 * Parse phase: offers argv[first..end) to --mem, -v and every module's
 * handle_arg, then runs every module's args_done. Returns the guest
 * memory asked for (bytes). Opens nothing; a bad command line ends the
 * tender with TND_EXIT_USAGE.
 */
uint64_t tnd_options_parse(char **argv, int first, int end);

/*
 * Check phase, once the unikernel at `path` and its manifest `mft` are
 * validated: device types this tender knows (else TND_EXIT_ERROR), every
 * module's check (options against the manifest: TND_EXIT_USAGE; input
 * files: TND_EXIT_ERROR), and every declared device attached (else
 * TND_EXIT_ERROR, as solo5-hvt). Opens no host resource but input files.
 */
void tnd_options_check(const char *path, struct pv_mft *mft);

#endif
