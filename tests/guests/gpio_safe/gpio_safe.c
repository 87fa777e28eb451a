/* SPDX-License-Identifier: ISC */
/*
 * gpio_safe: however the unikernel ends, the tender leaves the LED in
 * the grant's safe state. Run as
 *
 *   pinvisor --gpio:led=sim:0[:safe=0|1|z] --gpio-trace=T.vcd \
 *       gpio_safe.hvt ACTION [low] [pullup]
 *
 * The guest drives line 0 of "led" high (with "low": high, then low; with
 * "pullup": as an output with a pull-up bias), prints "LED set", then
 * ACTION: "exit" returns 0, "abort" calls solo5_abort(), "fault" writes
 * to address 8, "hang" yields forever (the test sends SIGTERM), "spin"
 * loops forever without a single exit (the test sends SIGTERM). The test
 * script reads the LED's last level from the trace.
 */
#include "pvlibc.h"
#include "solo5.h"

static bool has_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; *s; s++) {
        if ((s[n] == ' ' || s[n] == '\0') && strncmp(s, w, n) == 0)
            return true;
        while (*s && *s != ' ')
            s++;
        if (*s == '\0')
            break;
    }
    return false;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *cmd = si->cmdline;
    solo5_handle_t led;
    struct solo5_gpio_info info;
    if (solo5_gpio_acquire("led", &led, &info) != SOLO5_R_OK) {
        printf("FAILURE: no GPIO device 'led'\n");
        return 1;
    }
    struct solo5_gpio_config out = {.flags = SOLO5_GPIO_OUTPUT, .values = 1};
    if (has_word(cmd, "pullup"))
        out.flags |= SOLO5_GPIO_PULL_UP;
    /*
     * The input call waits for the requests before it, so the LED is
     * really set before ACTION even on the request ring, where output
     * returns before it is applied.
     */
    uint64_t v = 0;
    if (solo5_gpio_set(led, 1, &out) != SOLO5_R_OK ||
        (has_word(cmd, "low") && solo5_gpio_output(led, 1, 0) != SOLO5_R_OK) ||
        solo5_gpio_input(led, 1, &v) != SOLO5_R_OK) {
        printf("FAILURE: cannot drive the LED\n");
        return 1;
    }
    printf("LED set\n");
    if (has_word(cmd, "exit")) {
        printf("SUCCESS: exiting\n");
        return 0;
    }
    if (has_word(cmd, "abort")) {
        printf("SUCCESS: aborting\n");
        solo5_abort();
    }
    if (has_word(cmd, "fault")) {
        volatile uintptr_t addr = 8;
        printf("SUCCESS: writing to address 8\n");
        *(volatile uint64_t *)addr = 1;
        printf("FAILURE: the write did not fault\n");
        return 1;
    }
    if (has_word(cmd, "hang")) {
        printf("SUCCESS: waiting forever\n");
        for (;;)
            solo5_yield(solo5_clock_monotonic() + 3600000000000ULL, NULL);
    }
    if (has_word(cmd, "spin")) {
        /* No exit at all: only a signal on the vCPU thread stops this. */
        printf("SUCCESS: waiting forever, spinning without exits\n");
        for (;;)
            __asm__ __volatile__("" ::: "memory");
    }
    printf("FAILURE: no ACTION (exit, abort, fault, hang or spin)\n");
    return 1;
}
