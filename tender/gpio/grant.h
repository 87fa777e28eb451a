/* SPDX-License-Identifier: ISC */
/*
 * grant.h: the --gpio option of one grant (grant.c).
 */
#ifndef TND_GPIO_GRANT_H
#define TND_GPIO_GRANT_H

#include "gpio.h"

/* A parsed --gpio:NAME=CHIP:LINES[:OPTIONS] option. */
struct gpio_grant {
    char name[PV_MFT_NAME_SIZE];
    char chip[GPIO_CHIP_NAME_MAX]; /* "sim", "gpiochipN", a path or label */
    unsigned nlines;
    char lines[PV_GPIO_MAX_LINES][GPIO_LINE_NAME_MAX]; /* offsets or names */
    uint32_t perms;      /* PV_GPIO_PERM_*; default both */
    enum gpio_safe safe; /* default GPIO_SAFE_LOW */
};

/*
 * Parses the part after "--gpio:" ("NAME=CHIP:LINES[:OPTIONS]") into g.
 * Returns 0, or -EINVAL with a one-line reason in err.
 */
int gpio_grant_parse(const char *spec, struct gpio_grant *g, char *err,
                     size_t errlen);

#endif
