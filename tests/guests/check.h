/* SPDX-License-Identifier: ISC */
/*
 * check.h: the checks of the test guests (tests/guests/NAME/), included
 * as "../check.h". A failed check prints one line starting "FAILURE: "
 * (which the integration tests look for), counts in `failures` and lets
 * the guest go on, so one run reports every failed check.
 *
 *   CHECK(cond)               "FAILURE: line N: cond"
 *   CHECK_MSG(cond, fmt, ...) "FAILURE: " and the message
 */
#ifndef TEST_GUEST_CHECK_H
#define TEST_GUEST_CHECK_H

#include "pvlibc.h"

static int failures;

#define CHECK_MSG(cond, ...)                                                   \
    do {                                                                       \
        if (!(cond)) {                                                         \
            printf("FAILURE: " __VA_ARGS__);                                   \
            failures++;                                                        \
        }                                                                      \
    } while (0)

#define CHECK(cond) CHECK_MSG(cond, "line %d: %s\n", __LINE__, #cond)

#endif
