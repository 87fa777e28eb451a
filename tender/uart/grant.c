/* SPDX-License-Identifier: ISC */
/*
 * grant.c: parses the operator's UART grant,
 *
 *   --uart:NAME=DEVICE[,baud=N[|N...]][,FRAME[|FRAME...]][,break][,modem]
 *
 * NAME as every device option (tnd_args_device_opt); DEVICE, an absolute
 * path kept as given and opened at set-up (tty.c), or "sim" (sim.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../abi.h"
#include "../args.h"
#include "uart.h"

#define FAIL(...)                                                              \
    do {                                                                       \
        snprintf(err, errlen, __VA_ARGS__);                                    \
        return -EINVAL;                                                        \
    } while (0)

/* "8N1": data bits 5..8, N/E/O, 1 or 2 stop bits. */
static int parse_frame(const char *s, size_t n, struct uart_frame *f)
{
    if (n != 3 || s[0] < '5' || s[0] > '8' || (s[2] != '1' && s[2] != '2'))
        return -EINVAL;
    f->data_bits = (uint8_t)(s[0] - '0');
    f->stop_bits = (uint8_t)(s[2] - '0');
    switch (s[1]) {
    case 'N':
        f->parity = PV_UART_PARITY_NONE;
        return 0;
    case 'E':
        f->parity = PV_UART_PARITY_EVEN;
        return 0;
    case 'O':
        f->parity = PV_UART_PARITY_ODD;
        return 0;
    default:
        return -EINVAL;
    }
}

/* The rates of "N[|N...]" (n characters at s) into g. */
static int parse_bauds(const char *s, size_t n, struct uart_grant *g, char *err,
                       size_t errlen)
{
    const char *end = s + n;
    for (;;) {
        const char *bar = memchr(s, '|', (size_t)(end - s));
        const char *e = bar ? bar : end;
        char num[16];
        uint64_t v;
        if ((size_t)(e - s) >= sizeof num)
            FAIL("bad rate '%.*s'", (int)(e - s), s);
        memcpy(num, s, (size_t)(e - s));
        num[e - s] = '\0';
        if (num[0] == '0' || tnd_args_parse_u64(num, UINT32_MAX, &v) != 0 ||
            !uart_baud_known((uint32_t)v))
            FAIL("bad rate '%s' (a standard rate, 50..4000000)", num);
        if (g->nbauds == PV_UART_MAX_BAUDS)
            FAIL("more than %d rates", PV_UART_MAX_BAUDS);
        for (unsigned i = 0; i < g->nbauds; i++)
            if (g->baud[i] == v)
                FAIL("rate %s given twice", num);
        g->baud[g->nbauds++] = (uint32_t)v;
        if (bar == NULL)
            return 0;
        s = bar + 1;
    }
}

static int parse_frames(const char *s, size_t n, struct uart_grant *g,
                        char *err, size_t errlen)
{
    const char *end = s + n;
    for (;;) {
        const char *bar = memchr(s, '|', (size_t)(end - s));
        const char *e = bar ? bar : end;
        struct uart_frame f;
        if (parse_frame(s, (size_t)(e - s), &f) != 0)
            FAIL("unknown option '%.*s' (baud=N, a framing such as 8N1, "
                 "break or modem)",
                 (int)(e - s), s);
        if (g->nframes == PV_UART_MAX_FRAMES)
            FAIL("more than %d framings", PV_UART_MAX_FRAMES);
        for (unsigned i = 0; i < g->nframes; i++)
            if (memcmp(&g->frame[i], &f, sizeof f) == 0)
                FAIL("framing %.*s given twice", (int)(e - s), s);
        g->frame[g->nframes++] = f;
        if (bar == NULL)
            return 0;
        s = bar + 1;
    }
}

int uart_grant_parse(const char *arg, struct uart_grant *g, char *err,
                     size_t errlen)
{
    const char *spec;
    memset(g, 0, sizeof *g);
    if (tnd_args_device_opt(arg, "--uart:", g->name, &spec) != 0)
        FAIL("expected --uart:NAME=DEVICE[,baud=N[|N...]][,8N1[|...]]"
             "[,break][,modem], NAME 1..%d letters and digits",
             PV_MFT_NAME_MAX);
    const char *comma = strchr(spec, ',');
    size_t plen = comma ? (size_t)(comma - spec) : strlen(spec);
    if (plen == 0 ||
        (spec[0] != '/' && !(plen == 3 && !memcmp(spec, "sim", 3))))
        FAIL("expected an absolute device path or sim after '='");
    if (plen >= sizeof g->path)
        FAIL("device path longer than %zu characters", sizeof g->path - 1);
    memcpy(g->path, spec, plen);
    while (comma) {
        const char *s = comma + 1;
        comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        int rc;
        if (n > 5 && strncmp(s, "baud=", 5) == 0) {
            if (g->nbauds)
                FAIL("baud= given twice");
            rc = parse_bauds(s + 5, n - 5, g, err, errlen);
        } else if (n == 5 && strncmp(s, "break", 5) == 0) {
            if (g->flags & PV_UART_GRANT_BREAK)
                FAIL("break given twice");
            g->flags |= PV_UART_GRANT_BREAK;
            rc = 0;
        } else if (n == 5 && strncmp(s, "modem", 5) == 0) {
            if (g->flags & PV_UART_GRANT_MODEM)
                FAIL("modem given twice");
            g->flags |= PV_UART_GRANT_MODEM;
            rc = 0;
        } else {
            if (g->nframes)
                FAIL("unknown option '%.*s' (the framings go in one "
                     "list: 8N1|7E1)",
                     (int)n, s);
            rc = parse_frames(s, n, g, err, errlen);
        }
        if (rc)
            return rc;
    }
    if (g->nbauds == 0)
        g->baud[g->nbauds++] = 9600;
    if (g->nframes == 0)
        g->frame[g->nframes++] = (struct uart_frame){8, PV_UART_PARITY_NONE, 1};
    return 0;
}
