/* SPDX-License-Identifier: ISC */
/*
 * gpio_maxdevices: a manifest with the maximum of 63 GPIO devices (g1..g63,
 * all granted by the test, one sim line each, gN on line N-1); the first
 * and the last can be acquired, have handles 1 and 63, and drive their
 * line.
 */
#include "pvlibc.h"
#include "solo5.h"

static int use(const char *name, solo5_handle_t want)
{
    solo5_handle_t h;
    struct solo5_gpio_info info;
    if (solo5_gpio_acquire(name, &h, &info) != SOLO5_R_OK) {
        printf("FAILURE: cannot acquire %s\n", name);
        return 1;
    }
    struct solo5_gpio_config out = {.flags = SOLO5_GPIO_OUTPUT, .values = 1};
    uint64_t v = 0;
    if (h != want || info.nlines != 1 || solo5_gpio_set(h, 1, &out) ||
        solo5_gpio_input(h, 1, &v) || v != 1) {
        printf("FAILURE: %s: handle %llu, %u lines, value %llu\n", name,
               (unsigned long long)h, info.nlines, (unsigned long long)v);
        return 1;
    }
    printf("%s: handle %llu drives its line\n", name, (unsigned long long)h);
    return 0;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    if (use("g1", 1) || use("g63", 63))
        return SOLO5_EXIT_FAILURE;
    printf("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
