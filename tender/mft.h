/* SPDX-License-Identifier: ISC */
/* mft.h: the manifest (mft.c): untrusted input. */
#ifndef TND_MFT_H
#define TND_MFT_H

#include <stddef.h>
#include <stdint.h>

#include "abi.h"

/*
 * Validates manifest bytes from the MFT1 note: version, entry count, exact
 * size, the reserved first entry, NUL-terminated alphanumeric names,
 * tender-private fields zero, no duplicate names. Unknown types pass (the
 * "every device attached" rule rejects them later). Returns 0 or -EINVAL
 * with a reason in err.
 */
int tnd_mft_validate(const void *buf, size_t size, char *err, size_t errlen);

/*
 * The entry called `name` in a validated manifest, or NULL. If `type` is
 * not 0, an entry of another type also gives NULL.
 */
struct pv_mft_entry *tnd_mft_find(struct pv_mft *mft, const char *name,
                                  uint32_t type);

/* The entry with handle (index) h if it exists and has `type`, or NULL. */
struct pv_mft_entry *tnd_mft_get(struct pv_mft *mft, uint64_t h, uint32_t type);

/* Human name of an entry type ("BLOCK_BASIC"), "UNKNOWN" if not known. */
const char *tnd_mft_type_name(uint32_t type);

#endif
