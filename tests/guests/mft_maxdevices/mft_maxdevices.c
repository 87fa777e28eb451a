/* SPDX-License-Identifier: ISC */
/*
 * mft_maxdevices: a manifest with the maximum of 63 devices (blk1..blk63,
 * all attached by the test); the first and the last can be acquired and
 * used, and get handles 1 and 63.
 */
#include <stdint.h>

#include "pvlibc.h"
#include "solo5.h"

static uint8_t buf[512];

static int use(const char *name, solo5_handle_t want)
{
    solo5_handle_t h;
    struct solo5_block_info bi;
    if (solo5_block_acquire(name, &h, &bi) != SOLO5_R_OK) {
        printf("FAILURE: cannot acquire %s\n", name);
        return 1;
    }
    printf("%s: handle %llu, capacity %llu, block size %llu\n", name,
           (unsigned long long)h, (unsigned long long)bi.capacity,
           (unsigned long long)bi.block_size);
    if (h != want || bi.block_size != 512 || bi.capacity < 512) {
        printf("FAILURE: %s: unexpected handle or geometry\n", name);
        return 1;
    }
    if (solo5_block_read(h, 0, buf, sizeof buf) != SOLO5_R_OK) {
        printf("FAILURE: %s: read failed\n", name);
        return 1;
    }
    return 0;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    if (use("blk1", 1) || use("blk63", 63))
        return SOLO5_EXIT_FAILURE;
    printf("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
