/* SPDX-License-Identifier: ISC */
/*
 * uart_pair: two UART devices, a and b, for the grants that involve two
 * (tests/integration/uart.test.sh). It acquires both; with ACTION read,
 * it reads one byte from each (waiting up to 60 s) and prints "a: C" and
 * "b: C"; then SUCCESS.
 */
#include "pvlibc.h"
#include "solo5.h"

#include "../check.h"

static void read_one(const char *name, solo5_handle_t h)
{
    uint8_t c = 0;
    size_t n = 0;
    solo5_time_t deadline = solo5_clock_monotonic() + 60000000000ULL;
    CHECK(solo5_uart_read_until(h, &c, 1, &n, deadline) == SOLO5_R_OK &&
          n == 1);
    printf("%s: %c\n", name, (char)c);
}

int solo5_app_main(const struct solo5_start_info *si)
{
    solo5_handle_t a, b;
    struct solo5_uart_info info;
    if (solo5_uart_acquire("a", &a, &info) != SOLO5_R_OK ||
        solo5_uart_acquire("b", &b, &info) != SOLO5_R_OK) {
        printf("FAILURE: no UART 'a' or 'b'\n");
        return 1;
    }
    if (strcmp(si->cmdline, "read") == 0) {
        read_one("a", a);
        read_one("b", b);
    }
    if (failures)
        return 1;
    printf("SUCCESS\n");
    return 0;
}
