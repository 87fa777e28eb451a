/* SPDX-License-Identifier: ISC */
/*
 * sim.c: the simulated peer of a UART (--uart:NAME=sim with
 * --uart-sim:NAME=FILE, docs/uart.md) and the parser of its script.
 * The peer sends the script's "at" bytes from their time on and answers
 * each "on" text the guest writes with its reply, at once; replies are
 * read before script bytes. The parser is pure.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../errmsg.h"
#include "uart.h"

#define FAIL(...) return tnd_errmsg_line(err, errlen, lineno, __VA_ARGS__)

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/*
 * A quoted string at *p (the line ends at end) into the pool; *p moves
 * past it. Returns 0, or -1 with *why set.
 */
static int quoted(const char **p, const char *end, struct uart_sim *s,
                  struct uart_sim_bytes *b, const char **why)
{
    const char *c = *p;
    if (c >= end || *c != '"') {
        *why = "expected a quoted string";
        return -1;
    }
    b->off = s->used;
    for (c++; c < end && *c != '"'; c++) {
        int v = (unsigned char)*c;
        if (*c == '\\') {
            if (++c >= end)
                break;
            switch (*c) {
            case 'n':
                v = '\n';
                break;
            case 'r':
                v = '\r';
                break;
            case 't':
                v = '\t';
                break;
            case '0':
                v = 0;
                break;
            case '\\':
                v = '\\';
                break;
            case '"':
                v = '"';
                break;
            case 'x':
                if (end - c < 3 || hexval(c[1]) < 0 || hexval(c[2]) < 0) {
                    *why = "\\x needs two hex digits";
                    return -1;
                }
                v = hexval(c[1]) * 16 + hexval(c[2]);
                c += 2;
                break;
            default:
                *why = "unknown escape";
                return -1;
            }
        }
        if (s->used == UART_SIM_POOL) {
            *why = "more than 64 KiB of text";
            return -1;
        }
        s->pool[s->used++] = (uint8_t)v;
    }
    if (c >= end) {
        *why = "unterminated string";
        return -1;
    }
    b->len = s->used - b->off;
    if (b->len == 0) {
        *why = "empty string";
        return -1;
    }
    *p = c + 1;
    return 0;
}

static const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

int uart_sim_parse(const char *text, size_t len, struct uart_sim *s, char *err,
                   size_t errlen)
{
    memset(s, 0, sizeof *s);
    const char *t = text, *stop = text + len;
    uint64_t last = 0;
    for (unsigned lineno = 1; t < stop; lineno++) {
        const char *nl = memchr(t, '\n', (size_t)(stop - t));
        const char *end = nl ? nl : stop;
        const char *p = skip_blanks(t, end), *why = NULL;
        t = end + 1;
        if (p == end || *p == '#')
            continue;
        if (end - p > 3 && memcmp(p, "at ", 3) == 0) {
            uint64_t ms = 0;
            p = skip_blanks(p + 3, end);
            const char *d = p;
            while (p < end && *p >= '0' && *p <= '9' && p - d < 10)
                ms = ms * 10 + (uint64_t)(*p++ - '0');
            if (p == d || (p < end && *p != ' ' && *p != '\t'))
                FAIL("expected a time in ms (up to 10 digits)");
            if (ms < last)
                FAIL("'at' lines out of time order");
            if (s->nsteps == UART_SIM_MAX_STEPS)
                FAIL("more than %d 'at' lines", UART_SIM_MAX_STEPS);
            last = ms;
            p = skip_blanks(p, end);
            s->step[s->nsteps].at_ns = ms * 1000000ULL;
            if (quoted(&p, end, s, &s->step[s->nsteps].b, &why))
                FAIL("%s", why);
            s->nsteps++;
        } else if (end - p > 3 && memcmp(p, "on ", 3) == 0) {
            if (s->nrules == UART_SIM_MAX_RULES)
                FAIL("more than %d 'on' lines", UART_SIM_MAX_RULES);
            p = skip_blanks(p + 3, end);
            if (quoted(&p, end, s, &s->rule[s->nrules].match, &why))
                FAIL("%s", why);
            if (s->rule[s->nrules].match.len > sizeof s->tail)
                FAIL("a text to answer longer than %zu bytes", sizeof s->tail);
            p = skip_blanks(p, end);
            if (quoted(&p, end, s, &s->rule[s->nrules].reply, &why))
                FAIL("%s", why);
            s->nrules++;
        } else {
            FAIL("expected 'at MS \"TEXT\"' or 'on \"TEXT\" \"REPLY\"'");
        }
        if (skip_blanks(p, end) != end)
            FAIL("text after the line's end");
    }
    return 0;
}

void uart_sim_start(struct uart_sim *s, uint64_t t0_ns)
{
    s->t0 = t0_ns;
}

size_t uart_sim_read(struct uart_sim *s, uint8_t *buf, size_t n,
                     uint64_t now_ns)
{
    size_t got = 0;
    while (got < n && s->npending) {
        struct uart_sim_bytes *b = &s->pending[0];
        size_t k = b->len - s->pending_pos;
        k = k < n - got ? k : n - got;
        memcpy(buf + got, s->pool + b->off + s->pending_pos, k);
        got += k;
        if ((s->pending_pos += (uint32_t)k) == b->len) {
            memmove(s->pending, s->pending + 1,
                    --s->npending * sizeof s->pending[0]);
            s->pending_pos = 0;
        }
    }
    while (got < n && s->next_step < s->nsteps &&
           s->t0 + s->step[s->next_step].at_ns <= now_ns) {
        struct uart_sim_bytes *b = &s->step[s->next_step].b;
        size_t k = b->len - s->step_pos;
        k = k < n - got ? k : n - got;
        memcpy(buf + got, s->pool + b->off + s->step_pos, k);
        got += k;
        if ((s->step_pos += (uint32_t)k) == b->len) {
            s->next_step++;
            s->step_pos = 0;
        }
    }
    return got;
}

unsigned uart_sim_write(struct uart_sim *s, const uint8_t *buf, size_t n)
{
    unsigned dropped = 0;
    for (size_t i = 0; i < n; i++) {
        if (s->ntail == sizeof s->tail) {
            memmove(s->tail, s->tail + 1, sizeof s->tail - 1);
            s->ntail--;
        }
        s->tail[s->ntail++] = buf[i];
        for (unsigned r = 0; r < s->nrules; r++) {
            const struct uart_sim_bytes *m = &s->rule[r].match;
            if (m->len > s->ntail || memcmp(s->tail + s->ntail - m->len,
                                            s->pool + m->off, m->len) != 0)
                continue;
            if (s->npending == UART_SIM_MAX_PENDING)
                dropped++;
            else
                s->pending[s->npending++] = s->rule[r].reply;
            s->ntail = 0; /* a match is answered once */
            break;
        }
    }
    return dropped;
}

uint64_t uart_sim_next(const struct uart_sim *s, uint64_t now_ns)
{
    if (s->npending)
        return 0;
    if (s->next_step == s->nsteps)
        return UINT64_MAX;
    uint64_t at = s->t0 + s->step[s->next_step].at_ns;
    return at <= now_ns ? 0 : at;
}
