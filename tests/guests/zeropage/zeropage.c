/* SPDX-License-Identifier: ISC */
/*
 * zeropage: page 0 is not mapped, so a write to address 8 (a NULL
 * structure member) is a page fault that stops the guest with status 255.
 */
#include <stdint.h>

#include "pvlibc.h"
#include "solo5.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    /* Volatile address: the compiler may not treat it as a NULL access. */
    volatile uintptr_t addr = 8;
    printf("writing to address 8, expecting a page fault\n");
    *(volatile uint64_t *)addr = 0x1234;
    printf("FAILURE: the write did not fault\n");
    return SOLO5_EXIT_FAILURE;
}
