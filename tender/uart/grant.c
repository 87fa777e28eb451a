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

#include "../errmsg.h"
#include "../abi.h"
#include "../args.h"
#include "uart.h"

#define FAIL(...) return tnd_errmsg(err, errlen, __VA_ARGS__)

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
    const char *end = s + n, *item;
    size_t len;
    while ((item = tnd_args_item(&s, end, '|', &len)) != NULL) {
        char num[16];
        uint64_t v;
        if (len >= sizeof num)
            FAIL("bad rate '%.*s'", (int)len, item);
        memcpy(num, item, len);
        num[len] = '\0';
        if (num[0] == '0' || tnd_args_parse_u64(num, UINT32_MAX, &v) != 0 ||
            !uart_baud_known((uint32_t)v))
            FAIL("bad rate '%s' (a standard rate, 50..4000000)", num);
        uint32_t baud = (uint32_t)v;
        int rc = tnd_args_add_once(g->baud, &g->nbauds, PV_UART_MAX_BAUDS,
                                   &baud, sizeof baud);
        if (rc == -E2BIG)
            FAIL("more than %d rates", PV_UART_MAX_BAUDS);
        if (rc)
            FAIL("rate %s given twice", num);
    }
    return 0;
}

static int parse_frames(const char *s, size_t n, struct uart_grant *g,
                        char *err, size_t errlen)
{
    const char *end = s + n, *item;
    size_t len;
    while ((item = tnd_args_item(&s, end, '|', &len)) != NULL) {
        struct uart_frame f;
        if (parse_frame(item, len, &f) != 0)
            FAIL("unknown option '%.*s' (baud=N, a framing such as 8N1, "
                 "break or modem)",
                 (int)len, item);
        int rc = tnd_args_add_once(g->frame, &g->nframes, PV_UART_MAX_FRAMES,
                                   &f, sizeof f);
        if (rc == -E2BIG)
            FAIL("more than %d framings", PV_UART_MAX_FRAMES);
        if (rc)
            FAIL("framing %.*s given twice", (int)len, item);
    }
    return 0;
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
    const char *s = spec, *end = spec + strlen(spec), *item;
    size_t n;
    const char *path = tnd_args_item(&s, end, ',', &n);
    if (n == 0 || (path[0] != '/' && !(n == 3 && !memcmp(path, "sim", 3))))
        FAIL("expected an absolute device path or sim after '='");
    if (n >= sizeof g->path)
        FAIL("device path longer than %zu characters", sizeof g->path - 1);
    memcpy(g->path, path, n);
    while ((item = tnd_args_item(&s, end, ',', &n)) != NULL) {
        int rc;
        if (n > 5 && strncmp(item, "baud=", 5) == 0) {
            if (g->nbauds)
                FAIL("baud= given twice");
            rc = parse_bauds(item + 5, n - 5, g, err, errlen);
        } else if (n == 5 && strncmp(item, "break", 5) == 0) {
            if (g->flags & PV_UART_GRANT_BREAK)
                FAIL("break given twice");
            g->flags |= PV_UART_GRANT_BREAK;
            rc = 0;
        } else if (n == 5 && strncmp(item, "modem", 5) == 0) {
            if (g->flags & PV_UART_GRANT_MODEM)
                FAIL("modem given twice");
            g->flags |= PV_UART_GRANT_MODEM;
            rc = 0;
        } else {
            if (g->nframes)
                FAIL("unknown option '%.*s' (the framings go in one "
                     "list: 8N1|7E1)",
                     (int)n, item);
            rc = parse_frames(item, n, g, err, errlen);
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
