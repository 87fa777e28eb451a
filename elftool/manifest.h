/* SPDX-License-Identifier: ISC */
/*
 * manifest.h: manifest.json to the C source of an MFT1 note, for
 * pinvisor-elftool gen-manifest (and its fuzz target).
 */
#ifndef ELFTOOL_MANIFEST_H
#define ELFTOOL_MANIFEST_H

#include <stddef.h>
#include <stdio.h>

#define PV_HOST
#include "pinvisor_abi.h"

/* Devices a manifest may declare: every entry but the reserved first. */
#define ELFTOOL_MAX_DEVICES (PV_MFT_MAX_ENTRIES - 1)

/* One declared device, checked. */
struct elftool_dev {
    char name[PV_MFT_NAME_SIZE]; /* 1..67 letters and digits */
    const char *macro;           /* its type, as a C macro name */
};

/*
 * Parses and checks the NUL-terminated manifest.json text: a JSON object
 * with exactly "type": "solo5.manifest", "version": 1 and "devices", an
 * array of at most ELFTOOL_MAX_DEVICES objects with exactly a valid,
 * unique "name" and a "type" of BLOCK_BASIC, NET_BASIC, GPIO_BASIC,
 * I2C_BASIC or UART_BASIC.
 * Fills devs[0..*n-1]. Returns 0, or -EINVAL with a one-line reason in
 * err. Allocates nothing that outlives the call.
 */
int elftool_manifest_parse(const char *text, struct elftool_dev *devs,
                           size_t *n, char *err, size_t errlen);

/*
 * Writes the C source of the MFT1 note for devs[0..n-1] to f. `source`
 * (the input's path) goes into a comment with every byte but letters,
 * digits and "._/+-" written as \xHH, so no file name can end the
 * comment. Returns 0, or -EIO if f reports an error.
 */
int elftool_manifest_write(FILE *f, const char *source,
                           const struct elftool_dev *devs, size_t n);

#endif
