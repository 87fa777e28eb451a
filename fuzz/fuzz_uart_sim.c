/* SPDX-License-Identifier: ISC */
/*
 * fuzz_uart_sim.c: libFuzzer target for the UART sim peer's script parser
 * and the peer itself (tender/uart/sim.c). The input's first two bytes
 * give the script's length, then the script, then operations. What the
 * parser accepts must be within its limits, its steps in time order,
 * every string inside the pool; a refusal must say why. An accepted
 * script is then played: the operations (write bytes, read n, advance
 * the clock) in the input's order, then each rule's text written.
 * A read never returns more than was asked, and the peer has bytes
 * exactly when uart_sim_next says so.
 */
#include <stdlib.h>

#include "../tender/uart/uart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void in_pool(const struct uart_sim *s, struct uart_sim_bytes b)
{
    if (b.len == 0 || b.off > s->used || b.len > s->used - b.off)
        __builtin_trap();
}

/* Runs the operations ops[0..n-1] on the started peer s. */
static void play(struct uart_sim *s, const uint8_t *ops, size_t n)
{
    uint8_t buf[256];
    uint64_t now = 1;
    while (n >= 2) {
        uint8_t kind = ops[0] % 3, arg = ops[1];
        ops += 2;
        n -= 2;
        if (kind == 0) { /* the guest writes arg bytes */
            size_t k = arg < n ? arg : n;
            uart_sim_write(s, ops, k);
            ops += k;
            n -= k;
        } else if (kind == 1) { /* the guest reads up to arg + 1 bytes */
            uint64_t next = uart_sim_next(s, now);
            size_t got = uart_sim_read(s, buf, (size_t)arg + 1, now);
            if (got > (size_t)arg + 1 || (next == 0) != (got > 0))
                __builtin_trap();
        } else { /* arg * 7 ms pass */
            now += (uint64_t)arg * 7000000ULL;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct uart_sim s;
    char err[256];
    err[0] = '\0';
    if (size < 2)
        return 0;
    size_t len = (size_t)(data[0] | data[1] << 8);
    data += 2;
    size -= 2;
    if (len > size)
        len = size;
    if (uart_sim_parse((const char *)data, len, &s, err, sizeof err) != 0) {
        if (err[0] == '\0')
            __builtin_trap();
        return 0;
    }
    if (s.nsteps > UART_SIM_MAX_STEPS || s.nrules > UART_SIM_MAX_RULES ||
        s.used > UART_SIM_POOL)
        __builtin_trap();
    for (unsigned i = 0; i < s.nsteps; i++) {
        in_pool(&s, s.step[i].b);
        if (i && s.step[i].at_ns < s.step[i - 1].at_ns)
            __builtin_trap();
    }
    for (unsigned i = 0; i < s.nrules; i++) {
        in_pool(&s, s.rule[i].match);
        in_pool(&s, s.rule[i].reply);
    }
    uart_sim_start(&s, 1);
    play(&s, data + len, size - len);
    uint8_t buf[97];
    for (unsigned i = 0; i < s.nrules; i++) {
        uart_sim_write(&s, s.pool + s.rule[i].match.off, s.rule[i].match.len);
        if (uart_sim_read(&s, buf, sizeof buf, UINT64_MAX / 2) > sizeof buf)
            __builtin_trap();
    }
    while (uart_sim_next(&s, UINT64_MAX / 2) == 0)
        if (uart_sim_read(&s, buf, sizeof buf, UINT64_MAX / 2) == 0)
            __builtin_trap();
    return 0;
}
