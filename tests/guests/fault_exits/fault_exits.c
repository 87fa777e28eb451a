/* SPDX-License-Identifier: ISC */
/*
 * fault_exits: the guest of the fault suite's exit cases
 * (tests/integration/faults.test.sh). Devices: GPIO "led" (line 0 an
 * output) and BLOCK "storage". Run as
 *
 *   pinvisor --gpio:led=... --block:storage=IMG fault_exits.hvt ACTION [N]
 *
 * "hang": drives the LED high, prints "LED on, waiting forever" and
 * yields forever (the test sends a signal). "blink N": N on/off cycles,
 * 1 ms apart, then "SUCCESS: N blinks" and exit 0. "say N": N console
 * lines, then exit 0. "fill": writes blocks from block 0 on until one
 * fails, which must be with SOLO5_R_EUNSPEC (a host error), then reads
 * block 0 back: "SUCCESS: block B failed with EUNSPEC, block 0 reads
 * back", exit 0. "tls" (aarch64): sets TPIDR_EL0 through the SET_TLS_BASE
 * hypercall, which the sandbox allows only with the tender's one prepared
 * request, and reads it back: "SUCCESS: TPIDR_EL0 set by the tender".
 */
#include <stdint.h>

#include "pinvisor_abi.h"
#include "pvlibc.h"
#include "solo5.h"

static int tls(void)
{
#if defined(__aarch64__)
    static volatile struct pv_hc_set_tls_base a = {.base = 0x123450};
    pv_hypercall(PV_HC_SET_TLS_BASE, &a);
    uint64_t v;
    __asm__ __volatile__("mrs %0, tpidr_el0" : "=r"(v));
    if (a.ret != SOLO5_R_OK || v != 0x123450) {
        printf("FAILURE: ret %d, TPIDR_EL0 0x%llx\n", (int)a.ret,
               (unsigned long long)v);
        return 1;
    }
    printf("SUCCESS: TPIDR_EL0 set by the tender\n");
    return 0;
#else
    printf("FAILURE: tls is for aarch64\n");
    return 1;
#endif
}

#define MAX_BLOCK 32768

static uint64_t buf[MAX_BLOCK / 8];

static int fill(void)
{
    solo5_handle_t h;
    struct solo5_block_info bi;
    if (solo5_block_acquire("storage", &h, &bi) != SOLO5_R_OK ||
        bi.block_size > MAX_BLOCK) {
        printf("FAILURE: cannot acquire 'storage'\n");
        return 1;
    }
    uint64_t b = 0, n = bi.capacity / bi.block_size;
    solo5_result_t r = SOLO5_R_OK;
    for (; b < n; b++) {
        for (uint64_t j = 0; j < bi.block_size / 8; j++)
            buf[j] = b << 32 | j;
        r = solo5_block_write(h, b * bi.block_size, (uint8_t *)buf,
                              bi.block_size);
        if (r != SOLO5_R_OK)
            break;
    }
    if (b == n || r != SOLO5_R_EUNSPEC) {
        printf("FAILURE: %llu of %llu blocks written, then %d\n",
               (unsigned long long)b, (unsigned long long)n, (int)r);
        return 1;
    }
    if (b == 0 ||
        solo5_block_read(h, 0, (uint8_t *)buf, bi.block_size) != SOLO5_R_OK ||
        buf[1] != 1) {
        printf("FAILURE: block 0 does not read back\n");
        return 1;
    }
    printf("SUCCESS: block %llu failed with EUNSPEC, block 0 reads back\n",
           (unsigned long long)b);
    return 0;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *cmd = si->cmdline;
    const char *num = strchr(cmd, ' ');
    unsigned long n = num ? strtoul(num + 1, NULL, 10) : 0;
    if (strncmp(cmd, "say", 3) == 0) {
        for (unsigned long i = 0; i < n; i++)
            printf("console line %lu\n", i);
        return 0;
    }
    if (strncmp(cmd, "fill", 4) == 0)
        return fill();
    if (strncmp(cmd, "tls", 3) == 0)
        return tls();
    solo5_handle_t led;
    struct solo5_gpio_info info;
    struct solo5_gpio_config out = {.flags = SOLO5_GPIO_OUTPUT, .values = 0};
    uint64_t v;
    if (solo5_gpio_acquire("led", &led, &info) != SOLO5_R_OK ||
        solo5_gpio_set(led, 1, &out) != SOLO5_R_OK) {
        printf("FAILURE: cannot drive the LED\n");
        return 1;
    }
    if (strncmp(cmd, "blink", 5) == 0) {
        solo5_time_t t = solo5_clock_monotonic();
        for (unsigned long i = 0; i < n; i++) {
            if (solo5_gpio_output(led, 1, 1) != SOLO5_R_OK)
                return 1;
            solo5_yield(t += 500000, NULL);
            if (solo5_gpio_output(led, 1, 0) != SOLO5_R_OK)
                return 1;
            solo5_yield(t += 500000, NULL);
        }
        printf("SUCCESS: %lu blinks\n", n);
        return 0;
    }
    if (strncmp(cmd, "hang", 4) == 0) {
        /* input waits for the output before it, ring or not */
        if (solo5_gpio_output(led, 1, 1) != SOLO5_R_OK ||
            solo5_gpio_input(led, 1, &v) != SOLO5_R_OK)
            return 1;
        printf("LED on, waiting forever\n");
        for (;;)
            solo5_yield(solo5_clock_monotonic() + 3600000000000ULL, NULL);
    }
    printf("FAILURE: no ACTION (hang, blink N, say N, fill, tls)\n");
    return 1;
}
