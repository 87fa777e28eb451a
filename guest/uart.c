/* SPDX-License-Identifier: ISC */
/*
 * uart.c: the UART_BASIC device class, guest side. Acquire is a lookup in
 * the manifest copy (the tender filled in the start settings); every
 * other call is one hypercall, whose rules are the tender's. A read with
 * a deadline waits in solo5_yield, whose ready set has the device's bit
 * once bytes have arrived.
 */
#include "rt.h"

_Static_assert(SOLO5_UART_PARITY_EVEN == PV_UART_PARITY_EVEN &&
                   SOLO5_UART_PARITY_ODD == PV_UART_PARITY_ODD &&
                   SOLO5_UART_BREAK == PV_UART_GRANT_BREAK &&
                   SOLO5_UART_MODEM == PV_UART_GRANT_MODEM &&
                   SOLO5_UART_MAX_IO == PV_UART_MAX_IO &&
                   SOLO5_UART_DTR == PV_UART_DTR &&
                   SOLO5_UART_RTS == PV_UART_RTS &&
                   SOLO5_UART_CTS == PV_UART_CTS &&
                   SOLO5_UART_DSR == PV_UART_DSR &&
                   SOLO5_UART_DCD == PV_UART_DCD && SOLO5_UART_RI == PV_UART_RI,
               "solo5.h UART constants must equal the ABI's");

solo5_result_t solo5_uart_acquire(const char *name, solo5_handle_t *handle,
                                  struct solo5_uart_info *info)
{
    const struct pv_mft_entry *e =
        rt_mft_get(name, PV_MFT_DEV_UART_BASIC, handle);
    if (e == NULL)
        return SOLO5_R_EINVAL;
    info->baud = e->u.uart_basic.baud;
    info->data_bits = e->u.uart_basic.data_bits;
    info->parity = e->u.uart_basic.parity;
    info->stop_bits = e->u.uart_basic.stop_bits;
    info->flags = e->u.uart_basic.flags;
    return SOLO5_R_OK;
}

static solo5_result_t io(unsigned nr, solo5_handle_t h, const uint8_t *buf,
                         size_t size, size_t *moved)
{
    struct pv_hc_uart_io a = {.handle = h,
                              .data = (void *)(uintptr_t)buf,
                              .len = size > PV_UART_MAX_IO ? PV_UART_MAX_IO
                                                           : size};
    pv_hypercall(nr, &a);
    *moved = a.ret == PV_R_OK ? (size_t)a.len : 0;
    return (solo5_result_t)a.ret;
}

solo5_result_t solo5_uart_write(solo5_handle_t h, const uint8_t *buf,
                                size_t size, size_t *written)
{
    return io(PV_HC_UART_WRITE, h, buf, size, written);
}

solo5_result_t solo5_uart_write_all(solo5_handle_t h, const uint8_t *buf,
                                    size_t size)
{
    while (size > 0) {
        size_t n;
        solo5_result_t r = solo5_uart_write(h, buf, size, &n);
        if (r == SOLO5_R_AGAIN) {
            /* The line drains at its own rate: look again in 1 ms. */
            solo5_yield(solo5_clock_monotonic() + 1000000, NULL);
            continue;
        }
        if (r != SOLO5_R_OK)
            return r;
        buf += n;
        size -= n;
    }
    return SOLO5_R_OK;
}

solo5_result_t solo5_uart_read(solo5_handle_t h, uint8_t *buf, size_t size,
                               size_t *read_size)
{
    return io(PV_HC_UART_READ, h, buf, size, read_size);
}

solo5_result_t solo5_uart_read_until(solo5_handle_t h, uint8_t *buf,
                                     size_t size, size_t *read_size,
                                     solo5_time_t deadline)
{
    for (;;) {
        solo5_result_t r = solo5_uart_read(h, buf, size, read_size);
        if (r != SOLO5_R_AGAIN || solo5_clock_monotonic() >= deadline)
            return r;
        solo5_handle_set_t ready = 0;
        solo5_yield(deadline, &ready);
    }
}

solo5_result_t solo5_uart_config(solo5_handle_t h, uint32_t baud,
                                 uint8_t data_bits, uint8_t parity,
                                 uint8_t stop_bits)
{
    struct pv_hc_uart_config a = {.handle = h,
                                  .baud = baud,
                                  .data_bits = data_bits,
                                  .parity = parity,
                                  .stop_bits = stop_bits};
    pv_hypercall(PV_HC_UART_CONFIG, &a);
    return (solo5_result_t)a.ret;
}

solo5_result_t solo5_uart_break(solo5_handle_t h, uint32_t ms)
{
    struct pv_hc_uart_lines a = {
        .handle = h, .op = PV_UART_LINES_BREAK, .arg = ms};
    pv_hypercall(PV_HC_UART_LINES, &a);
    return (solo5_result_t)a.ret;
}

solo5_result_t solo5_uart_modem(solo5_handle_t h, uint32_t set, uint32_t clear,
                                uint32_t *state)
{
    struct pv_hc_uart_lines a = {
        .handle = h, .op = PV_UART_LINES_MODEM, .set = set, .clear = clear};
    pv_hypercall(PV_HC_UART_LINES, &a);
    *state = a.state;
    return (solo5_result_t)a.ret;
}
