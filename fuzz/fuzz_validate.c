/* SPDX-License-Identifier: ISC */
/*
 * fuzz_validate.c: libFuzzer target for the GPIO request validator
 * (common/gpio_validate.c) with random grants: the input gives a device
 * (lines, permissions, which lines the guest enabled and made outputs),
 * one request of each kind, one of any operation number, and a sequence.
 * Whatever it accepts must respect the grant and the device's state. The
 * bytes left give a UART grant and one request of each UART kind
 * (tender/uart/validate.c): what is accepted must be within that grant.
 */
#include <string.h>

#include "../common/gpio_validate.h"
#include "../tender/uart/uart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t take(const uint8_t **d, size_t *n, void *out, size_t len)
{
    memset(out, 0, len);
    size_t k = *n < len ? *n : len;
    memcpy(out, *d, k);
    *d += k;
    *n -= k;
    return k;
}

#define VALID_DIR(f)                                                           \
    ((((f)&PV_GPIO_F_INPUT) != 0) != (((f)&PV_GPIO_F_OUTPUT) != 0))

static void check_flags_accepted(uint32_t flags, uint32_t db, uint32_t perms)
{
    if ((flags & ~PV_GPIO_F_VALID) || !VALID_DIR(flags))
        __builtin_trap();
    if ((flags & PV_GPIO_F_INPUT) && !(perms & PV_GPIO_PERM_IN))
        __builtin_trap();
    if ((flags & PV_GPIO_F_OUTPUT) && !(perms & PV_GPIO_PERM_OUT))
        __builtin_trap();
    if (db > PV_GPIO_DEBOUNCE_MAX_US || (db && !(flags & PV_GPIO_F_INPUT)))
        __builtin_trap();
}

/* One request of operation op with the fields the input gives. */
static int check(const struct gpio_lines *l, uint32_t op, const uint8_t **data,
                 size_t *size, struct gpio_request *r)
{
    struct {
        uint32_t flags, debounce_us;
        uint64_t mask, values, pad;
    } f;
    take(data, size, &f, sizeof f);
    memset(r, 0, sizeof *r);
    r->op = op;
    r->flags = f.flags;
    r->debounce_us = f.debounce_us;
    r->mask = f.mask;
    r->values = f.values;
    r->pad = f.pad & 0xff; /* mostly zero, sometimes not */
    if (f.pad & 0x100)
        r->pad = 0;
    const char *why = NULL;
    int rc = gpio_validate(l, r, &why);
    if (rc != PV_R_OK && (rc != PV_R_EINVAL || why == NULL))
        __builtin_trap();
    return rc;
}

/* A UART grant and one request of each kind from the input. */
static void uart_check(const uint8_t **data, size_t *size)
{
    struct uart_grant g;
    memset(&g, 0, sizeof g);
    uint8_t n[3];
    take(data, size, n, sizeof n);
    g.nbauds = 1 + n[0] % PV_UART_MAX_BAUDS;
    g.nframes = 1 + n[1] % PV_UART_MAX_FRAMES;
    g.flags = n[2] & (PV_UART_GRANT_BREAK | PV_UART_GRANT_MODEM);
    take(data, size, g.baud, sizeof g.baud);
    take(data, size, g.frame, sizeof g.frame);
    const char *why = NULL;

    struct pv_hc_uart_io io;
    take(data, size, &io, sizeof io);
    int rc = uart_validate_io(&io, &why);
    if (rc == PV_R_OK && (io.len == 0 || io.len > PV_UART_MAX_IO || io.pad0))
        __builtin_trap();
    if (rc != PV_R_OK && (rc != PV_R_EINVAL || why == NULL))
        __builtin_trap();

    struct pv_hc_uart_config c;
    take(data, size, &c, sizeof c);
    if (c.pad0 & 1) /* often a granted rate and framing */
        c = (struct pv_hc_uart_config){
            .baud = g.baud[c.baud % g.nbauds],
            .data_bits = g.frame[c.data_bits % g.nframes].data_bits,
            .parity = g.frame[c.data_bits % g.nframes].parity,
            .stop_bits = g.frame[c.data_bits % g.nframes].stop_bits};
    why = NULL;
    if (uart_validate_config(&g, &c, &why) == PV_R_OK) {
        bool rate = false, frame = false;
        for (unsigned i = 0; i < g.nbauds; i++)
            rate = rate || g.baud[i] == c.baud;
        for (unsigned i = 0; i < g.nframes; i++)
            frame = frame || (g.frame[i].data_bits == c.data_bits &&
                              g.frame[i].parity == c.parity &&
                              g.frame[i].stop_bits == c.stop_bits);
        if (!rate || !frame || c.pad0 || c.pad1)
            __builtin_trap();
    } else if (why == NULL) {
        __builtin_trap();
    }

    struct pv_hc_uart_lines l;
    take(data, size, &l, sizeof l);
    l.op = l.op % 4; /* mostly BREAK and MODEM, sometimes 0 or 3 */
    why = NULL;
    if (uart_validate_lines(&g, &l, &why) == PV_R_OK) {
        if (l.op == PV_UART_LINES_BREAK &&
            (!(g.flags & PV_UART_GRANT_BREAK) || l.arg == 0 ||
             l.arg > PV_UART_BREAK_MAX_MS || l.set || l.clear))
            __builtin_trap();
        if (l.op == PV_UART_LINES_MODEM &&
            (!(g.flags & PV_UART_GRANT_MODEM) ||
             ((l.set | l.clear) & ~PV_UART_OUTPUTS) || (l.set & l.clear) ||
             l.arg))
            __builtin_trap();
        if (l.op != PV_UART_LINES_BREAK && l.op != PV_UART_LINES_MODEM)
            __builtin_trap();
    } else if (why == NULL) {
        __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t g[5];
    take(&data, &size, g, sizeof g);
    struct gpio_lines l = {.nlines = 1 + g[0] % PV_GPIO_MAX_LINES,
                           .perms = g[1] & 3};
    take(&data, &size, &l.enabled, sizeof l.enabled);
    take(&data, &size, &l.outputs, sizeof l.outputs);
    const uint64_t all = gpio_lines_all(l.nlines);
    l.enabled &= all;
    const uint64_t outs = l.outputs & l.enabled;
    struct gpio_request r;

    if (check(&l, GPIO_OP_SET, &data, &size, &r) == PV_R_OK) {
        if (!r.mask || (r.mask & ~all) || r.pad)
            __builtin_trap();
        check_flags_accepted(r.flags, r.debounce_us, l.perms);
    }
    if (check(&l, GPIO_OP_INPUT, &data, &size, &r) == PV_R_OK &&
        (!r.mask || (r.mask & ~l.enabled) || r.pad))
        __builtin_trap();
    if (check(&l, GPIO_OP_OUTPUT, &data, &size, &r) == PV_R_OK &&
        (!r.mask || (r.mask & ~outs) || r.pad))
        __builtin_trap();
    if (check(&l, GPIO_OP_CLEAR, &data, &size, &r) == PV_R_OK &&
        (!r.mask || (r.mask & ~all) || r.pad))
        __builtin_trap();
    /* Any other operation number, as a guest could write it. */
    uint32_t op = g[4] | (uint32_t)g[4] << 24;
    if (check(&l, op, &data, &size, &r) == PV_R_OK &&
        (op < GPIO_OP_SET || op > GPIO_OP_READ_EVENT))
        __builtin_trap();

    static struct pv_gpio_step steps[PV_GPIO_SEQ_MAX_STEPS + 1];
    uint32_t n = g[2] | (uint32_t)g[3] << 8;
    n %= PV_GPIO_SEQ_MAX_STEPS + 2;
    take(&data, &size, steps, n * sizeof steps[0]);
    struct gpio_request seq = {
        .op = GPIO_OP_SEQUENCE, .nsteps = n, .steps = steps};
    const char *why;
    if (gpio_validate(&l, &seq, &why) == PV_R_OK) {
        if (n == 0 || n > PV_GPIO_SEQ_MAX_STEPS)
            __builtin_trap();
        for (uint32_t i = 0; i < n; i++)
            if ((steps[i].mask & ~outs) ||
                steps[i].delay_ns > PV_GPIO_SEQ_MAX_DELAY_NS)
                __builtin_trap();
    }
    uart_check(&data, &size);
    return 0;
}
