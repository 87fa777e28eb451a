/* SPDX-License-Identifier: ISC */
/*
 * exception: a write to 16 GiB, far outside guest memory and the page
 * tables, is a page fault; the tender stops the guest with status 255.
 */
#include <stdint.h>

#include "pvlibc.h"
#include "solo5.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    volatile uint64_t *p = (volatile uint64_t *)(16ULL << 30);
    printf("writing to %p, expecting a page fault\n", (void *)p);
    *p = 0x1234;
    printf("FAILURE: the write did not fault\n");
    return SOLO5_EXIT_FAILURE;
}
