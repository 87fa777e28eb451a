/* SPDX-License-Identifier: ISC */
/* test_gdb_proto.c: the gdb stub's packet framing and command parser. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../tender/debug/gdb_proto.h"

static enum gdb_rx_event feed_all(struct gdb_rx *rx, const char *s, size_t n)
{
    enum gdb_rx_event ev = GDB_EV_NONE;
    for (size_t i = 0; i < n; i++) {
        ev = gdb_proto_feed(rx, (uint8_t)s[i]);
        if (ev != GDB_EV_NONE)
            return ev;
    }
    return ev;
}

Test(gdb_proto, frames_with_the_checksum_gdb_expects)
{
    char out[32];
    size_t n = gdb_proto_frame(out, sizeof out, "g", 1);
    cr_assert_eq(n, 5);
    cr_assert_eq(memcmp(out, "$g#67", 5), 0);
    n = gdb_proto_frame(out, sizeof out, "a#b", 3);
    cr_assert_eq(memcmp(out, "$a}\003b#", 6), 0, "'#' is escaped");
    cr_assert_eq(gdb_proto_frame(out, 6, "OKOK", 4), 0, "no room: 0");
}

Test(gdb_proto, receives_a_packet_and_checks_its_sum)
{
    struct gdb_rx rx;
    memset(&rx, 0, sizeof rx);
    cr_assert_eq(feed_all(&rx, "+$g#67", 6), GDB_EV_PACKET);
    cr_assert_str_eq(rx.buf, "g");
    cr_assert_eq(feed_all(&rx, "$g#68", 5), GDB_EV_BAD);
    cr_assert_eq(feed_all(&rx, "$g#6z", 5), GDB_EV_BAD);
    cr_assert_eq(feed_all(&rx, "\003", 1), GDB_EV_INTERRUPT);
}

Test(gdb_proto, a_packet_too_long_is_refused)
{
    static char big[GDB_PKT_MAX + 10];
    struct gdb_rx rx;
    memset(&rx, 0, sizeof rx);
    memset(big, 'a', sizeof big);
    cr_assert_eq(feed_all(&rx, "$", 1), GDB_EV_NONE);
    cr_assert_eq(feed_all(&rx, big, sizeof big), GDB_EV_NONE);
    cr_assert_eq(feed_all(&rx, "#00", 3), GDB_EV_BAD);
    cr_assert_leq(rx.len, GDB_PKT_MAX);
}

Test(gdb_proto, parses_memory_register_and_breakpoint_commands)
{
    struct gdb_cmd c;
    cr_assert_eq(gdb_proto_parse("m100000,40", 10, &c), 0);
    cr_assert(c.op == 'm' && c.addr == 0x100000 && c.len == 0x40);
    cr_assert_eq(gdb_proto_parse("M10,2:cc90", 10, &c), 0);
    cr_assert(c.op == 'M' && c.len == 2 && c.data_len == 4);
    cr_assert_eq(gdb_proto_parse("M10,3:cc90", 10, &c), -1, "length");
    cr_assert_eq(gdb_proto_parse("Z0,1006c0,1", 11, &c), 0);
    cr_assert(c.op == 'Z' && c.type == 0 && c.addr == 0x1006c0);
    cr_assert_eq(gdb_proto_parse("Z1,10,1;X1,0", 12, &c), 0);
    cr_assert_eq(c.type, 1);
    cr_assert_eq(gdb_proto_parse("P10=0011", 8, &c), 0);
    cr_assert(c.op == 'P' && c.reg == 16 && c.data_len == 4);
    cr_assert_eq(gdb_proto_parse("p", 1, &c), -1);
    cr_assert_eq(gdb_proto_parse("m,", 2, &c), -1);
    cr_assert_eq(gdb_proto_parse("m11111111111111111,1", 20, &c), -1,
                 "more than 64 bits");
    cr_assert_eq(gdb_proto_parse("c", 1, &c), 0);
    cr_assert(c.op == 'c' && !c.has_addr);
    cr_assert_eq(gdb_proto_parse("vCont?", 6, &c), 0);
    cr_assert_eq(c.op, 0, "unknown: empty reply");
}

Test(gdb_proto, hex_round_trip)
{
    uint8_t in[3] = {0x00, 0xab, 0xff}, out[3];
    char hex[6];
    gdb_proto_hex(in, 3, hex);
    cr_assert_eq(memcmp(hex, "00abff", 6), 0);
    cr_assert_eq(gdb_proto_unhex(hex, 6, out, 3), 3);
    cr_assert_eq(memcmp(in, out, 3), 0);
    cr_assert_eq(gdb_proto_unhex("0g", 2, out, 3), -1);
    cr_assert_eq(gdb_proto_unhex("001122aa", 8, out, 3), -1, "no room");
}

/* The hex of text, as gdb sends a `monitor` command in qRcmd. */
static const char *mon_hex(const char *text)
{
    static char hex[2 * GDB_MON_TEXT_MAX + 8];
    gdb_proto_hex((const uint8_t *)text, strlen(text), hex);
    hex[2 * strlen(text)] = '\0';
    return hex;
}

static int mon(const char *text, struct gdb_mon *m)
{
    const char *h = mon_hex(text);
    return gdb_proto_monitor(h, strlen(h), m);
}

Test(gdb_proto, parses_monitor_commands)
{
    struct gdb_mon m;
    cr_assert_eq(mon("gpio", &m), 0);
    cr_assert(m.op == GDB_MON_GPIO && m.ntrace == GDB_MON_TRACE_DEFAULT);
    cr_assert_eq(mon("  gpio   trace 64 ", &m), 0);
    cr_assert(m.op == GDB_MON_GPIO && m.ntrace == 64);
    cr_assert_eq(mon("gpio trace 65", &m), 0);
    cr_assert_eq(m.op, GDB_MON_USAGE, "more records than kept");
    cr_assert_eq(mon("gpio set led GPIO1 1", &m), 0);
    cr_assert(m.op == GDB_MON_GPIO_SET && m.level == 1);
    cr_assert_str_eq(m.dev, "led");
    cr_assert_str_eq(m.line, "GPIO1");
    cr_assert_eq(mon("gpio set led 1 2", &m), 0);
    cr_assert_eq(m.op, GDB_MON_USAGE, "a level is 0 or 1");
    cr_assert_eq(mon("gpio set led 1 0 x", &m), 0);
    cr_assert_eq(m.op, GDB_MON_USAGE, "a word too many");
    cr_assert_eq(mon("help", &m), 0);
    cr_assert_eq(m.op, GDB_MON_HELP);
    cr_assert_eq(mon("reset halt", &m), 0);
    cr_assert(m.op == GDB_MON_UNKNOWN);
    cr_assert_str_eq(m.word, "reset");
    cr_assert_eq(mon("", &m), 0);
    cr_assert(m.op == GDB_MON_UNKNOWN && m.word[0] == '\0');
    cr_assert_eq(mon("gpio\tx", &m), -1, "a control character");
    cr_assert_eq(gdb_proto_monitor("6", 1, &m), -1, "odd hex");
    char big[GDB_MON_TEXT_MAX + 2];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    cr_assert_eq(mon(big, &m), -1, "longer than the text kept");
    big[sizeof big - 2] = '\0';
    cr_assert_eq(mon(big, &m), 0);
}
