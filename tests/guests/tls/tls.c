/* SPDX-License-Identifier: ISC */
/*
 * tls: two TLS blocks set up with solo5_tls_init() and switched with
 * solo5_set_tls_base(). Each block starts with the .tdata template and a
 * zero .tbss, keeps its own values, and the variables live inside it.
 */
#include <stdint.h>

#include "pvlibc.h"
#include "solo5.h"

#define BLOCK_SIZE 256

static __thread volatile uint64_t t_data = 0x1122334455667788ULL; /* .tdata */
static __thread volatile uint32_t t_bss;                          /* .tbss */

static uint8_t block_a[BLOCK_SIZE] __attribute__((aligned(16)));
static uint8_t block_b[BLOCK_SIZE] __attribute__((aligned(16)));

static int use_block(uint8_t *blk)
{
    uintptr_t tp = solo5_tls_tp_offset((uintptr_t)blk);
    if (solo5_set_tls_base(tp) != SOLO5_R_OK) {
        printf("FAILURE: solo5_set_tls_base(0x%lx) failed\n",
               (unsigned long)tp);
        return 1;
    }
    return 0;
}

/*
 * Separate non-inlined functions: the compiler may assume the thread
 * pointer is constant within one function.
 */
static int __attribute__((noinline)) check_fresh(const char *name, uint8_t *blk)
{
    uintptr_t a = (uintptr_t)&t_data, b = (uintptr_t)&t_bss;
    uintptr_t lo = (uintptr_t)blk, hi = lo + solo5_tls_size();
    if (a < lo || a + 8 > hi || b < lo || b + 4 > hi) {
        printf("FAILURE: block %s: variables at 0x%lx, 0x%lx are outside "
               "0x%lx..0x%lx\n",
               name, (unsigned long)a, (unsigned long)b, (unsigned long)lo,
               (unsigned long)hi);
        return 1;
    }
    if (t_data != 0x1122334455667788ULL || t_bss != 0) {
        printf("FAILURE: block %s: fresh values 0x%llx, 0x%x\n", name,
               (unsigned long long)t_data, t_bss);
        return 1;
    }
    return 0;
}

static void __attribute__((noinline)) store(uint64_t d, uint32_t b)
{
    t_data = d;
    t_bss = b;
}

static int __attribute__((noinline))
check(const char *name, uint64_t d, uint32_t b)
{
    if (t_data != d || t_bss != b) {
        printf("FAILURE: block %s holds 0x%llx, 0x%x; expected 0x%llx, "
               "0x%x\n",
               name, (unsigned long long)t_data, t_bss, (unsigned long long)d,
               b);
        return 1;
    }
    return 0;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    size_t size = solo5_tls_size();
    printf("TLS block size %zu\n", size);
    if (size == 0 || size > BLOCK_SIZE) {
        printf("FAILURE: TLS block size %zu not in 1..%d\n", size, BLOCK_SIZE);
        return SOLO5_EXIT_FAILURE;
    }
    memset(block_a, 0xa5, sizeof block_a); /* init must overwrite this */
    memset(block_b, 0x5a, sizeof block_b);
    if (solo5_tls_init((uintptr_t)block_a) != SOLO5_R_OK ||
        solo5_tls_init((uintptr_t)block_b) != SOLO5_R_OK) {
        printf("FAILURE: solo5_tls_init failed\n");
        return SOLO5_EXIT_FAILURE;
    }
    if (use_block(block_a) || check_fresh("A", block_a))
        return SOLO5_EXIT_FAILURE;
    store(0xaaaaaaaa00000001ULL, 0xa1);
    if (use_block(block_b) || check_fresh("B", block_b))
        return SOLO5_EXIT_FAILURE;
    store(0xbbbbbbbb00000002ULL, 0xb2);
    if (use_block(block_a) || check("A", 0xaaaaaaaa00000001ULL, 0xa1) ||
        use_block(block_b) || check("B", 0xbbbbbbbb00000002ULL, 0xb2) ||
        use_block(block_a) || check("A", 0xaaaaaaaa00000001ULL, 0xa1))
        return SOLO5_EXIT_FAILURE;
    printf("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
