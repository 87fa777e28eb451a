/* SPDX-License-Identifier: ISC */
/*
 * xnow: executable memory is not writable. A write into the guest's own
 * .text must stop it: a page fault (status 255) in native mode, where
 * the guest page tables map text read-only; in Solo5 mode the text is
 * read-only on the host side only, and the tender reports a host/guest
 * translation fault (status 1), as solo5-hvt does.
 */
#include <stdint.h>

#include "pvlibc.h"
#include "solo5.h"

static int __attribute__((noinline)) victim(int x)
{
    return x * 3 + 1;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)&victim;
    printf("writing to .text at %p\n", (void *)(uintptr_t)p);
    *p = 0xc3; /* ret */
    printf("FAILURE: the write did not fault (victim(1) = %d)\n", victim(1));
    return SOLO5_EXIT_FAILURE;
}
