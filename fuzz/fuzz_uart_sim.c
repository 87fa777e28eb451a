/* SPDX-License-Identifier: ISC */
/*
 * fuzz_uart_sim.c: libFuzzer target for the UART sim peer's script parser
 * and the peer itself (tender/uart/sim.c): the input is a script. What
 * the parser accepts must be within its limits, its steps in time order,
 * every string inside the pool; a refusal must say why. An accepted
 * script is then played: the guest writes each rule's text, and reads
 * return no more than was asked.
 */
#include <stdlib.h>

#include "../tender/uart/uart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void in_pool(const struct uart_sim *s, struct uart_sim_bytes b)
{
    if (b.len == 0 || b.off > s->used || b.len > s->used - b.off)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct uart_sim s;
    char err[256];
    err[0] = '\0';
    if (uart_sim_parse((const char *)data, size, &s, err, sizeof err) != 0) {
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
