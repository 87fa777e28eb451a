/* SPDX-License-Identifier: ISC */
/* args.h: command-line parsing (args.c): pure, never exits. */
#ifndef TND_ARGS_H
#define TND_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "abi.h"

/* Default guest memory, MiB, and the largest accepted. */
#define TND_MEM_DEFAULT_MIB 512
#define TND_MEM_MAX_MIB 4096

/*
 * Parses a memory size in MiB ("512") into bytes. Returns 0, or -EINVAL
 * (not a number) or -ERANGE (0 or above TND_MEM_MAX_MIB).
 */
int tnd_args_parse_mem(const char *s, uint64_t *bytes);

/*
 * Splits "--PREFIX:NAME=VALUE" for a device option. `prefix` includes the
 * leading dashes and the colon ("--block:"). Returns 1 if arg does not
 * start with prefix, 0 on success (NAME copied into name[], *value points
 * into arg), -EINVAL if NAME is not 1..67 alphanumeric characters or '='
 * is missing.
 */
int tnd_args_device_opt(const char *arg, const char *prefix,
                        char name[PV_MFT_NAME_SIZE], const char **value);

/*
 * Parses an unsigned decimal number with no sign, no spaces and no
 * trailing characters, at most `max`. Returns 0, -EINVAL or -ERANGE.
 */
int tnd_args_parse_u64(const char *s, uint64_t max, uint64_t *out);

/*
 * Steps through a list of items separated by `sep` in [*s, end) (an
 * option's value such as "0x48,0x49"; an empty list is one empty item):
 * returns the next item, its length in *len, and moves *s past it and
 * its separator (to NULL after the last); NULL once *s is NULL.
 */
const char *tnd_args_item(const char **s, const char *end, char sep,
                          size_t *len);

/*
 * Adds the value v (size bytes, compared as bytes) to the set
 * arr[0..*n). Returns 0, -E2BIG if the set already holds max values, or
 * -EEXIST if it holds v.
 */
int tnd_args_add_once(void *arr, unsigned *n, unsigned max, const void *v,
                      size_t size);

/*
 * Finds the unikernel operand in argv[1..argc-1]: the first argument not
 * starting with '-', or the one after "--". Returns its index, or -1.
 */
int tnd_args_find_kernel(int argc, char **argv);

/*
 * Joins argv[first..argc-1] with single spaces into buf (size bytes).
 * Returns the length, or -E2BIG if it does not fit with its NUL.
 */
int tnd_args_join(int argc, char **argv, int first, char *buf, size_t size);

#endif
