/* SPDX-License-Identifier: ISC */
/*
 * blk: the BLOCK_BASIC device "storage". Command line: the capacity and
 * block size the test attached ("4194304 512"). Checks the geometry,
 * writes every 10th block and the last one with a pattern, reads them all
 * back, checks an unwritten block reads as zeros (the image starts empty),
 * and checks that out-of-range, misaligned and wrongly sized requests and
 * bad handles fail with SOLO5_R_EINVAL.
 *
 * The 64-bit little-endian word j of block b holds b << 32 | j, so the
 * test script can check the image file after the run.
 */
#include <stdint.h>

#include "pvlibc.h"
#include "solo5.h"

#define MAX_BLOCK 32768

static uint64_t wbuf[MAX_BLOCK / 8];
static uint64_t rbuf[MAX_BLOCK / 8];
#define WBUF ((uint8_t *)wbuf)
#define RBUF ((uint8_t *)rbuf)
static solo5_handle_t h;
static struct solo5_block_info bi;

static uint64_t parse_u64(const char **s)
{
    uint64_t v = 0;
    while (**s == ' ')
        (*s)++;
    while (**s >= '0' && **s <= '9')
        v = v * 10 + (uint64_t)(*(*s)++ - '0');
    return v;
}

/*
 * Word at a time, and a pattern that is cheap to compute: Solo5-mode
 * guests run in KVM's instruction emulator on PVM hosts, where every
 * instruction counts (a byte loop over the blocks took 20 s there).
 */
static uint64_t pattern(uint64_t block, uint64_t word)
{
    return block << 32 | word;
}

static void fill(uint64_t *buf, uint64_t block)
{
    for (uint64_t j = 0; j < bi.block_size / 8; j++)
        buf[j] = pattern(block, j);
}

static void fill_value(uint64_t *buf, uint64_t v)
{
    for (uint64_t j = 0; j < bi.block_size / 8; j++)
        buf[j] = v;
}

static int holds_pattern(const uint64_t *buf, uint64_t block)
{
    for (uint64_t j = 0; j < bi.block_size / 8; j++)
        if (buf[j] != pattern(block, j))
            return 0;
    return 1;
}

static int holds_value(const uint64_t *buf, uint64_t v)
{
    for (uint64_t j = 0; j < bi.block_size / 8; j++)
        if (buf[j] != v)
            return 0;
    return 1;
}

static int write_block(uint64_t block)
{
    fill(wbuf, block);
    solo5_result_t r =
        solo5_block_write(h, block * bi.block_size, WBUF, bi.block_size);
    if (r != SOLO5_R_OK) {
        printf("FAILURE: write of block %llu: %d\n", (unsigned long long)block,
               (int)r);
        return 1;
    }
    return 0;
}

/* No poisoning of rbuf: it holds another block's pattern before a read. */
static int read_block(uint64_t block)
{
    solo5_result_t r =
        solo5_block_read(h, block * bi.block_size, RBUF, bi.block_size);
    if (r != SOLO5_R_OK) {
        printf("FAILURE: read of block %llu: %d\n", (unsigned long long)block,
               (int)r);
        return 1;
    }
    if (!holds_pattern(rbuf, block)) {
        printf("FAILURE: block %llu reads back wrong\n",
               (unsigned long long)block);
        return 1;
    }
    return 0;
}

static int expect_einval(const char *what, solo5_result_t r)
{
    if (r != SOLO5_R_EINVAL) {
        printf("FAILURE: %s gives %d, expected EINVAL\n", what, (int)r);
        return 1;
    }
    return 0;
}

static int check_errors(void)
{
    uint64_t bs = bi.block_size, cap = bi.capacity;
    int f = 0;
    f |= expect_einval("write at the capacity",
                       solo5_block_write(h, cap, WBUF, bs));
    f |= expect_einval("read at the capacity",
                       solo5_block_read(h, cap, RBUF, bs));
    f |= expect_einval("read far beyond the end",
                       solo5_block_read(h, cap * 16, RBUF, bs));
    f |= expect_einval("write at a misaligned offset",
                       solo5_block_write(h, bs / 2, WBUF, bs));
    f |= expect_einval("read at a misaligned offset",
                       solo5_block_read(h, 1, RBUF, bs));
    f |= expect_einval("write of half a block",
                       solo5_block_write(h, 0, WBUF, bs / 2));
    f |= expect_einval("read of two blocks",
                       solo5_block_read(h, 0, RBUF, 2 * bs));
    f |= expect_einval("read of zero bytes", solo5_block_read(h, 0, RBUF, 0));
    f |= expect_einval("read with handle 0", solo5_block_read(0, 0, RBUF, bs));
    f |=
        expect_einval("read with handle 99", solo5_block_read(99, 0, RBUF, bs));
    return f;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *s = si->cmdline;
    uint64_t want_cap = parse_u64(&s), want_bs = parse_u64(&s);
    if (want_cap == 0 || want_bs == 0 || *s != '\0') {
        printf("FAILURE: usage: blk.hvt CAPACITY BLOCK_SIZE\n");
        return SOLO5_EXIT_FAILURE;
    }
    struct solo5_block_info dummy;
    solo5_handle_t dh;
    if (solo5_block_acquire("nosuchdevice", &dh, &dummy) != SOLO5_R_EINVAL) {
        printf("FAILURE: acquired a device not in the manifest\n");
        return SOLO5_EXIT_FAILURE;
    }
    if (solo5_block_acquire("storage", &h, &bi) != SOLO5_R_OK) {
        printf("FAILURE: cannot acquire 'storage'\n");
        return SOLO5_EXIT_FAILURE;
    }
    printf("storage: handle %llu, capacity %llu, block size %llu\n",
           (unsigned long long)h, (unsigned long long)bi.capacity,
           (unsigned long long)bi.block_size);
    if (bi.capacity != want_cap || bi.block_size != want_bs ||
        bi.block_size > MAX_BLOCK || bi.capacity % bi.block_size != 0) {
        printf("FAILURE: expected capacity %llu, block size %llu\n",
               (unsigned long long)want_cap, (unsigned long long)want_bs);
        return SOLO5_EXIT_FAILURE;
    }
    uint64_t nblocks = bi.capacity / bi.block_size, last = nblocks - 1;
    for (uint64_t b = 0; b < nblocks; b += 10)
        if (write_block(b))
            return SOLO5_EXIT_FAILURE;
    if (write_block(last))
        return SOLO5_EXIT_FAILURE;
    for (uint64_t b = 0; b < nblocks; b += 10)
        if (read_block(b))
            return SOLO5_EXIT_FAILURE;
    if (read_block(last))
        return SOLO5_EXIT_FAILURE;
    fill_value(rbuf, 0xeeeeeeeeeeeeeeeeULL);
    if (solo5_block_read(h, bi.block_size, RBUF, bi.block_size) != SOLO5_R_OK) {
        printf("FAILURE: read of block 1 failed\n");
        return SOLO5_EXIT_FAILURE;
    }
    if (!holds_value(rbuf, 0)) {
        printf("FAILURE: unwritten block 1 is not zero\n");
        return SOLO5_EXIT_FAILURE;
    }
    printf("%llu blocks written and read back\n",
           (unsigned long long)(nblocks + 9) / 10 + 1);
    if (check_errors())
        return SOLO5_EXIT_FAILURE;
    printf("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
