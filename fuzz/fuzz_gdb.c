/* SPDX-License-Identifier: ISC */
/*
 * fuzz_gdb.c: libFuzzer target for the gdb stub's packet parser
 * (tender/debug/gdb_proto.c): the input is what a debugger sends. Every
 * packet is parsed; what parses must stay inside the packet, its hex
 * must decode to what it says, a monitor command (qRcmd) must split into
 * words inside its own text, and a reply framed from it must unframe to
 * itself.
 */
#include <string.h>

#include "../tender/debug/gdb_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool inside(const char *p, const struct gdb_mon *m)
{
    return p >= m->text && p + strlen(p) < m->text + sizeof m->text;
}

static void check_monitor(const struct gdb_cmd *c)
{
    struct gdb_mon m;
    if (gdb_proto_monitor(c->data + 5, c->data_len - 5, &m) != 0)
        return;
    if (!inside(m.word, &m) && m.word[0] != '\0')
        __builtin_trap();
    if (m.op == GDB_MON_GPIO && m.ntrace > GDB_MON_TRACE_MAX)
        __builtin_trap();
    if (m.op == GDB_MON_GPIO_SET &&
        (!inside(m.dev, &m) || !inside(m.line, &m) || !*m.dev || !*m.line ||
         (m.level != 0 && m.level != 1)))
        __builtin_trap();
}

static void check_packet(const struct gdb_rx *rx)
{
    struct gdb_cmd c;
    if (rx->len > GDB_PKT_MAX || rx->buf[rx->len] != '\0')
        __builtin_trap();
    if (gdb_proto_parse(rx->buf, rx->len, &c) != 0)
        return;
    if (c.data && (c.data < rx->buf || c.data + c.data_len > rx->buf + rx->len))
        __builtin_trap();
    if ((c.op == 'G' || c.op == 'P' || c.op == 'M') && c.data) {
        static uint8_t bytes[GDB_PKT_MAX / 2];
        long n = gdb_proto_unhex(c.data, c.data_len, bytes, sizeof bytes);
        if (n != (long)(c.data_len / 2))
            __builtin_trap();
        if (c.op == 'M' && (uint64_t)n != c.len)
            __builtin_trap();
    }
    if (c.op == 'Z' && c.type > 4)
        __builtin_trap();
    if (c.op == 'q' && c.data_len >= 5 && strncmp(c.data, "Rcmd,", 5) == 0)
        check_monitor(&c);

    /* Framing the payload back and feeding it gives the same packet. */
    static char framed[2 * GDB_PKT_MAX + 8];
    size_t n = gdb_proto_frame(framed, sizeof framed, rx->buf, rx->len);
    if (n == 0)
        __builtin_trap();
    struct gdb_rx back;
    memset(&back, 0, sizeof back);
    enum gdb_rx_event ev = GDB_EV_NONE;
    for (size_t i = 0; i < n; i++)
        ev = gdb_proto_feed(&back, (uint8_t)framed[i]);
    if (ev != GDB_EV_PACKET || back.len != rx->len)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct gdb_rx rx;
    memset(&rx, 0, sizeof rx);
    for (size_t i = 0; i < size; i++)
        if (gdb_proto_feed(&rx, data[i]) == GDB_EV_PACKET)
            check_packet(&rx);
    return 0;
}
