/* SPDX-License-Identifier: ISC */
/*
 * uart_api: every UART call against a peer on the other end of the line:
 *
 *   pinvisor --uart:ser=TTY,baud=9600|115200,8N1 uart_api.hvt [ACTION]
 *
 * (tests/integration/uart.test.sh gives a pty whose master is
 * tests/tools/pty-peer). It checks the start settings, that every
 * request outside the grant is EINVAL, then talks: "hello 9600\n" out,
 * "ping\n" in, the rate set to 115200, "fast 115200\n" out, "pong\n" in.
 * Then ACTION: exit (the default), abort, fault (a write far outside
 * guest memory) or hang (wait for a signal), after printing SUCCESS.
 *
 * ACTION lines, on a grant with break and modem (and no talk): a break
 * and a DTR change, their results printed for the test to compare with
 * the backend's (a pty has no modem lines), and their refusals.
 */
#include "pinvisor_abi.h"
#include "pvlibc.h"
#include "solo5.h"

#include "../check.h"

#define EINVAL_IS(call) CHECK_MSG((call) == SOLO5_R_EINVAL, "%s\n", #call)

/* 60 s: the test VM runs guests slowly. */
#define WAIT_NS 60000000000ULL

static void refusals(solo5_handle_t ser)
{
    uint8_t b[8] = {0};
    size_t n;
    uint32_t state;
    EINVAL_IS(solo5_uart_config(ser, 57600, 8, SOLO5_UART_PARITY_NONE, 1));
    EINVAL_IS(solo5_uart_config(ser, 9600, 7, SOLO5_UART_PARITY_EVEN, 1));
    EINVAL_IS(solo5_uart_config(ser, 9600, 8, SOLO5_UART_PARITY_NONE, 2));
    EINVAL_IS(solo5_uart_config(ser, 9600, 8, 3, 1));
    EINVAL_IS(solo5_uart_break(ser, 100));
    EINVAL_IS(solo5_uart_modem(ser, SOLO5_UART_DTR, 0, &state));
    EINVAL_IS(solo5_uart_write(ser, b, 0, &n));
    EINVAL_IS(solo5_uart_read(ser, b, 0, &n));
    EINVAL_IS(solo5_uart_write(1234, b, 1, &n));
    EINVAL_IS(solo5_uart_config(0, 9600, 8, SOLO5_UART_PARITY_NONE, 1));
    /* Padding must be zero: the raw hypercall. */
    struct pv_hc_uart_io io = {.handle = ser, .data = b, .len = 1, .pad0 = 1};
    pv_hypercall(PV_HC_UART_WRITE, &io);
    CHECK(io.ret == SOLO5_R_EINVAL);
}

/* Reads until `want` has arrived (exactly), or fails the check. */
static void expect(solo5_handle_t ser, const char *want)
{
    char got[64];
    size_t len = strlen(want), have = 0;
    solo5_time_t deadline = solo5_clock_monotonic() + WAIT_NS;
    while (have < len) {
        size_t n;
        solo5_result_t r = solo5_uart_read_until(ser, (uint8_t *)got + have,
                                                 len - have, &n, deadline);
        if (r != SOLO5_R_OK) {
            printf("FAILURE: waiting for '%s': result %d after %zu bytes\n",
                   want, (int)r, have);
            failures++;
            return;
        }
        have += n;
    }
    got[have] = '\0';
    CHECK_MSG(strcmp(got, want) == 0, "read '%s', not '%s'\n", got, want);
    printf("read %s", got);
}

static void say(solo5_handle_t ser, const char *s)
{
    CHECK(solo5_uart_write_all(ser, (const uint8_t *)s, strlen(s)) ==
          SOLO5_R_OK);
}

/* A grant with break and modem: the calls reach the line. */
static int lines(solo5_handle_t ser, const struct solo5_uart_info *info)
{
    uint32_t state = 0;
    CHECK(info->flags == (SOLO5_UART_BREAK | SOLO5_UART_MODEM));
    EINVAL_IS(solo5_uart_break(ser, 0));
    EINVAL_IS(solo5_uart_break(ser, 1001));
    EINVAL_IS(solo5_uart_modem(ser, SOLO5_UART_CTS, 0, &state));
    EINVAL_IS(solo5_uart_modem(ser, SOLO5_UART_DTR, SOLO5_UART_DTR, &state));
    printf("break: %d\n", (int)solo5_uart_break(ser, 100));
    solo5_result_t r = solo5_uart_modem(ser, SOLO5_UART_DTR, 0, &state);
    printf("modem: %d state 0x%x\n", (int)r, (unsigned)state);
    if (failures)
        return 1;
    printf("SUCCESS\n");
    return 0;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *cmd = si->cmdline;
    solo5_handle_t ser;
    struct solo5_uart_info info;
    if (solo5_uart_acquire("ser", &ser, &info) != SOLO5_R_OK) {
        printf("FAILURE: no UART 'ser'\n");
        return 1;
    }
    if (strcmp(cmd, "lines") == 0)
        return lines(ser, &info);
    CHECK(info.baud == 9600 && info.data_bits == 8 &&
          info.parity == SOLO5_UART_PARITY_NONE && info.stop_bits == 1 &&
          info.flags == 0);
    refusals(ser);
    say(ser, "hello 9600\n");
    expect(ser, "ping\n");
    CHECK(solo5_uart_config(ser, 115200, 8, SOLO5_UART_PARITY_NONE, 1) ==
          SOLO5_R_OK);
    say(ser, "fast 115200\n");
    expect(ser, "pong\n");
    if (failures)
        return 1;
    printf("SUCCESS\n");
    if (strcmp(cmd, "abort") == 0)
        solo5_abort();
    if (strcmp(cmd, "fault") == 0)
        *(volatile uint64_t *)(16ULL << 30) = 1;
    if (strcmp(cmd, "hang") == 0) {
        printf("waiting for a signal\n");
        for (;;)
            solo5_yield(solo5_clock_monotonic() + 3600000000000ULL, NULL);
    }
    return 0;
}
