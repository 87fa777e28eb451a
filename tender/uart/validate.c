/* SPDX-License-Identifier: ISC */
/*
 * validate.c: the UART class's one rulebook (docs/uart.md). Every
 * request is checked here, on the tender's copy, before any backend
 * sees it.
 */
#include <string.h>

#include "uart.h"

#define REFUSE(reason)                                                         \
    do {                                                                       \
        *why = (reason);                                                       \
        return PV_R_EINVAL;                                                    \
    } while (0)

int uart_validate_io(const struct pv_hc_uart_io *a, const char **why)
{
    if (a->pad0 != 0)
        REFUSE("padding not zero");
    if (a->len == 0 || a->len > PV_UART_MAX_IO)
        REFUSE("length outside 1..4096");
    return PV_R_OK;
}

int uart_validate_config(const struct uart_grant *g,
                         const struct pv_hc_uart_config *a, const char **why)
{
    if (a->pad0 != 0 || a->pad1 != 0)
        REFUSE("padding not zero");
    bool rate = false, frame = false;
    for (unsigned i = 0; i < g->nbauds; i++)
        rate = rate || g->baud[i] == a->baud;
    if (!rate)
        REFUSE("rate not granted");
    struct uart_frame f = {a->data_bits, a->parity, a->stop_bits};
    for (unsigned i = 0; i < g->nframes; i++)
        frame = frame || memcmp(&g->frame[i], &f, sizeof f) == 0;
    if (!frame)
        REFUSE("framing not granted");
    return PV_R_OK;
}

int uart_validate_lines(const struct uart_grant *g,
                        const struct pv_hc_uart_lines *a, const char **why)
{
    switch (a->op) {
    case PV_UART_LINES_BREAK:
        if (!(g->flags & PV_UART_GRANT_BREAK))
            REFUSE("break not granted");
        if (a->arg == 0 || a->arg > PV_UART_BREAK_MAX_MS)
            REFUSE("break length outside 1..1000 ms");
        if (a->set || a->clear)
            REFUSE("set or clear given with a break");
        return PV_R_OK;
    case PV_UART_LINES_MODEM:
        if (!(g->flags & PV_UART_GRANT_MODEM))
            REFUSE("modem lines not granted");
        if ((a->set | a->clear) & ~PV_UART_OUTPUTS)
            REFUSE("only DTR and RTS can be set or cleared");
        if (a->set & a->clear)
            REFUSE("a line both set and cleared");
        if (a->arg)
            REFUSE("arg not zero");
        return PV_R_OK;
    default:
        REFUSE("unknown operation");
    }
}
