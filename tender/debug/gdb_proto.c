/* SPDX-License-Identifier: ISC */
/*
 * gdb_proto.c: the GDB remote protocol's framing, hex and command
 * syntax (gdb_proto.h). Bounded everywhere: a hostile peer can make a
 * packet be refused, never an overflow.
 */
#include <string.h>

#include "../hex.h"
#include "gdb_proto.h"

enum gdb_rx_event gdb_proto_feed(struct gdb_rx *rx, uint8_t c)
{
    switch (rx->state) {
    case GDB_RX_IDLE:
        if (c == 0x03)
            return GDB_EV_INTERRUPT;
        if (c == '$') {
            rx->state = GDB_RX_DATA;
            rx->len = 0;
            rx->sum = 0;
            rx->overflow = rx->esc = false;
        }
        return GDB_EV_NONE; /* acks, naks and noise */
    case GDB_RX_DATA:
        if (c == '#') {
            rx->state = GDB_RX_SUM1;
            return GDB_EV_NONE;
        }
        if (c == '$') { /* a new packet restarts */
            rx->len = 0, rx->sum = 0, rx->overflow = rx->esc = false;
            return GDB_EV_NONE;
        }
        rx->sum = (uint8_t)(rx->sum + c);
        if (c == '}' && !rx->esc) { /* the next byte is escaped */
            rx->esc = true;
            return GDB_EV_NONE;
        }
        if (rx->esc)
            c ^= 0x20;
        rx->esc = false;
        if (rx->len < GDB_PKT_MAX)
            rx->buf[rx->len++] = (char)c;
        else
            rx->overflow = true;
        return GDB_EV_NONE;
    case GDB_RX_SUM1:
        if (tnd_hex_digit(c) < 0)
            rx->overflow = true;
        else
            rx->want = (uint8_t)(tnd_hex_digit(c) << 4);
        rx->state = GDB_RX_SUM2;
        return GDB_EV_NONE;
    case GDB_RX_SUM2:
    default:
        rx->state = GDB_RX_IDLE;
        if (tnd_hex_digit(c) < 0 || rx->overflow ||
            (uint8_t)(rx->want | tnd_hex_digit(c)) != rx->sum)
            return GDB_EV_BAD;
        rx->buf[rx->len] = '\0';
        return GDB_EV_PACKET;
    }
}

size_t gdb_proto_frame(char *out, size_t outsz, const char *payload, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    size_t o = 0;
    uint8_t sum = 0;
    if (outsz < 4)
        return 0;
    out[o++] = '$';
    for (size_t i = 0; i < len; i++) {
        char c = payload[i];
        bool esc = c == '$' || c == '#' || c == '}' || c == '*';
        if (o + (esc ? 2 : 1) + 3 > outsz)
            return 0;
        if (esc) {
            out[o++] = '}';
            sum = (uint8_t)(sum + '}');
            c = (char)(c ^ 0x20);
        }
        out[o++] = c;
        sum = (uint8_t)(sum + (uint8_t)c);
    }
    out[o++] = '#';
    out[o++] = digits[sum >> 4];
    out[o++] = digits[sum & 15];
    return o;
}

long gdb_proto_unhex(const char *hex, size_t n, uint8_t *out, size_t outsz)
{
    if (n % 2 || n / 2 > outsz)
        return -1;
    for (size_t i = 0; i < n; i += 2) {
        int hi = tnd_hex_digit(hex[i]), lo = tnd_hex_digit(hex[i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    return (long)(n / 2);
}

void gdb_proto_hex(const uint8_t *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
}

/* Reads a hex number of 1..16 digits at *p; advances *p past it. */
static int number(const char **p, const char *end, uint64_t *v)
{
    const char *s = *p;
    uint64_t x = 0;
    while (s < end && tnd_hex_digit(*s) >= 0 && s - *p < 16)
        x = x << 4 | (uint64_t)tnd_hex_digit(*s++);
    if (s == *p || (s < end && tnd_hex_digit(*s) >= 0))
        return -1;
    *p = s;
    *v = x;
    return 0;
}

static int expect_char(const char **p, const char *end, char c)
{
    if (*p >= end || **p != c)
        return -1;
    (*p)++;
    return 0;
}

/* addr,len (m, M) or type,addr,kind (Z, z). */
static int addr_len(const char **p, const char *end, struct gdb_cmd *cmd)
{
    return number(p, end, &cmd->addr) || expect_char(p, end, ',') ||
           number(p, end, &cmd->len);
}

static int parse_hex_data(const char *s, const char *end, struct gdb_cmd *cmd)
{
    size_t n = (size_t)(end - s);
    for (size_t i = 0; i < n; i++)
        if (tnd_hex_digit(s[i]) < 0)
            return -1;
    if (n % 2)
        return -1;
    cmd->data = s, cmd->data_len = n;
    return 0;
}

int gdb_proto_parse(const char *p, size_t len, struct gdb_cmd *cmd)
{
    memset(cmd, 0, sizeof *cmd);
    if (len == 0)
        return 0;
    const char *s = p + 1, *end = p + len;
    uint64_t v;
    cmd->op = p[0];
    switch (p[0]) {
    case '?':
    case 'g':
    case 'k':
    case 'D':
        return 0;
    case 'c':
    case 's':
        if (s == end)
            return 0;
        cmd->has_addr = true;
        return number(&s, end, &cmd->addr) || s != end ? -1 : 0;
    case 'G':
        return parse_hex_data(s, end, cmd);
    case 'p':
    case 'P':
        if (number(&s, end, &v) || v > 4096)
            return -1;
        cmd->reg = (unsigned)v;
        if (p[0] == 'p')
            return s != end ? -1 : 0;
        return expect_char(&s, end, '=') || parse_hex_data(s, end, cmd);
    case 'm':
        return addr_len(&s, end, cmd) || s != end ? -1 : 0;
    case 'M':
        if (addr_len(&s, end, cmd) || expect_char(&s, end, ':') ||
            parse_hex_data(s, end, cmd) || cmd->data_len / 2 != cmd->len)
            return -1;
        return 0;
    case 'Z':
    case 'z':
        if (number(&s, end, &v) || v > 4 || expect_char(&s, end, ',') ||
            addr_len(&s, end, cmd))
            return -1;
        cmd->type = (unsigned)v;
        return 0; /* conditions after ';' are ignored */
    case 'q':
        cmd->data = s, cmd->data_len = (size_t)(end - s);
        return 0;
    default:
        cmd->op = 0;
        return 0;
    }
}

/* Splits text in place into at most max words; returns their count. */
static unsigned split(char *text, const char **words, unsigned max)
{
    unsigned n = 0;
    char *s = text;
    while (*s) {
        while (*s == ' ')
            *s++ = '\0';
        if (*s == '\0')
            break;
        if (n == max)
            return max + 1;
        words[n++] = s;
        while (*s && *s != ' ')
            s++;
    }
    return n;
}

/* A decimal number up to max; -1 if it is not one. */
static long decimal(const char *s, long max)
{
    long v = 0;
    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > max)
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v > max ? -1 : v;
}

int gdb_proto_monitor(const char *hex, size_t n, struct gdb_mon *m)
{
    memset(m, 0, sizeof *m);
    long len = gdb_proto_unhex(hex, n, (uint8_t *)m->text, GDB_MON_TEXT_MAX);
    if (len < 0)
        return -1;
    for (long i = 0; i < len; i++)
        if (m->text[i] < ' ' || m->text[i] > '~')
            return -1;
    const char *w[6];
    unsigned nw = split(m->text, w, 5);
    m->word = nw ? w[0] : "";
    m->ntrace = GDB_MON_TRACE_DEFAULT;
    if (nw == 1 && strcmp(w[0], "help") == 0) {
        m->op = GDB_MON_HELP;
    } else if (nw == 0 || strcmp(w[0], "gpio") != 0) {
        m->op = GDB_MON_UNKNOWN;
    } else if (nw == 1) {
        m->op = GDB_MON_GPIO;
    } else if (nw == 3 && strcmp(w[1], "trace") == 0 &&
               decimal(w[2], GDB_MON_TRACE_MAX) >= 0) {
        m->op = GDB_MON_GPIO;
        m->ntrace = (unsigned)decimal(w[2], GDB_MON_TRACE_MAX);
    } else if (nw == 5 && strcmp(w[1], "set") == 0 && decimal(w[4], 1) >= 0) {
        m->op = GDB_MON_GPIO_SET;
        m->dev = w[2], m->line = w[3];
        m->level = (int)decimal(w[4], 1);
    } else {
        m->op = GDB_MON_USAGE;
    }
    return 0;
}
