/* SPDX-License-Identifier: ISC */
/*
 * fuzz_gdb.c: libFuzzer target for the gdb stub's packet parser
 * (tender/debug/gdb_proto.c): the input is what a debugger sends. Every
 * packet is parsed; what parses must stay inside the packet, its hex
 * must decode to what it says, and a reply framed from it must unframe
 * to itself.
 */
#include <string.h>

#include "../tender/debug/gdb_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
