/* SPDX-License-Identifier: ISC */
/*
 * modbus: one Modbus RTU request and its response over a serial line:
 * "read holding registers" (function 3) from a slave, the values printed.
 *
 *   pinvisor --uart:rs485=/dev/ttyUSB0,baud=19200,8E1 modbus.hvt \
 *       [SLAVE [FIRST [COUNT]]]
 *
 * Defaults: slave 17, registers 0x6b..0x6d, the example of the Modbus
 * specification. The response is awaited for up to 2 s (the read waits
 * in solo5_yield until bytes arrive); its length, slave, function and
 * CRC are checked. Exit status 0 with the values, 1 on no answer, a bad
 * frame or a Modbus exception.
 */
#include "pvlibc.h"
#include "solo5.h"

#define TIMEOUT_NS 2000000000ULL
#define MAX_REGS 125

/* CRC-16/MODBUS: polynomial 0xa001 (reflected), initial value 0xffff. */
static uint16_t crc16(const uint8_t *p, size_t n)
{
    uint16_t crc = 0xffff;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int b = 0; b < 8; b++)
            crc = crc & 1 ? (uint16_t)((crc >> 1) ^ 0xa001)
                          : (uint16_t)(crc >> 1);
    }
    return crc;
}

/* Appends the CRC, low byte first, as RTU sends it. */
static size_t seal(uint8_t *frame, size_t n)
{
    uint16_t crc = crc16(frame, n);
    frame[n] = (uint8_t)(crc & 0xff);
    frame[n + 1] = (uint8_t)(crc >> 8);
    return n + 2;
}

/*
 * Reads until `want` bytes have arrived, or 5 bytes that are an
 * exception response, or the deadline. Returns the bytes read.
 */
static size_t receive(solo5_handle_t h, uint8_t *buf, size_t want,
                      solo5_time_t deadline)
{
    size_t have = 0;
    while (have < want) {
        size_t n;
        if (solo5_uart_read_until(h, buf + have, want - have, &n, deadline) !=
            SOLO5_R_OK)
            break;
        have += n;
        if (have >= 5 && (buf[1] & 0x80))
            return have;
    }
    return have;
}

static unsigned arg(const char **s, unsigned dflt)
{
    char *end;
    unsigned long v = strtoul(*s, &end, 0);
    if (end == *s)
        return dflt;
    *s = end;
    return (unsigned)v;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    const char *args = si->cmdline;
    unsigned slave = arg(&args, 17), first = arg(&args, 0x6b),
             count = arg(&args, 3);
    solo5_handle_t h;
    struct solo5_uart_info info;
    if (slave < 1 || slave > 247 || first > 0xffff || count < 1 ||
        count > MAX_REGS) {
        printf("modbus: slave 1..247, register 0..65535, count 1..%d\n",
               MAX_REGS);
        return 1;
    }
    if (solo5_uart_acquire("rs485", &h, &info) != SOLO5_R_OK) {
        printf("modbus: no UART 'rs485'\n");
        return 1;
    }
    printf("modbus: %u baud, asking slave %u for %u registers from 0x%04x\n",
           (unsigned)info.baud, slave, count, first);
    uint8_t req[8] = {(uint8_t)slave,        3,
                      (uint8_t)(first >> 8), (uint8_t)first,
                      (uint8_t)(count >> 8), (uint8_t)count};
    if (solo5_uart_write_all(h, req, seal(req, 6)) != SOLO5_R_OK) {
        printf("modbus: the request could not be sent\n");
        return 1;
    }
    uint8_t rsp[5 + 2 * MAX_REGS];
    size_t want = 5 + 2 * count;
    size_t n = receive(h, rsp, want, solo5_clock_monotonic() + TIMEOUT_NS);
    bool exc = n == 5 && (rsp[1] & 0x80);
    if (n != (exc ? 5 : want)) {
        printf("modbus: no answer (%zu of %zu bytes)\n", n, want);
        return 1;
    }
    if (crc16(rsp, n - 2) != (uint16_t)(rsp[n - 2] | rsp[n - 1] << 8) ||
        rsp[0] != slave) {
        printf("modbus: bad frame (CRC or slave)\n");
        return 1;
    }
    if (exc) {
        printf("modbus: exception %u\n", rsp[2]);
        return 1;
    }
    if (rsp[1] != 3 || rsp[2] != 2 * count) {
        printf("modbus: bad frame (function %u, %u bytes)\n", rsp[1], rsp[2]);
        return 1;
    }
    for (unsigned i = 0; i < count; i++)
        printf("modbus: register 0x%04x = 0x%04x (%u)\n", first + i,
               (unsigned)(rsp[3 + 2 * i] << 8 | rsp[4 + 2 * i]),
               (unsigned)(rsp[3 + 2 * i] << 8 | rsp[4 + 2 * i]));
    return 0;
}
