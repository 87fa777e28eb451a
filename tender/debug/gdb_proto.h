/* SPDX-License-Identifier: ISC */
/*
 * gdb_proto.h: the GDB remote serial protocol's framing and commands,
 * pure (no I/O, no tender state): the stub (gdb_stub.c) and the fuzz
 * target (fuzz/fuzz_gdb.c) use it. Every input is untrusted.
 */
#ifndef TND_GDB_PROTO_H
#define TND_GDB_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GDB_PKT_MAX 4096 /* payload bytes, as announced in qSupported */

/* The receiver: one byte at a time, never more than GDB_PKT_MAX kept. */
struct gdb_rx {
    enum { GDB_RX_IDLE, GDB_RX_DATA, GDB_RX_SUM1, GDB_RX_SUM2 } state;
    char buf[GDB_PKT_MAX + 1]; /* the payload, NUL-terminated */
    size_t len;
    uint8_t sum;
    uint8_t want;
    bool overflow;
    bool esc; /* the last byte was '}' */
};

enum gdb_rx_event {
    GDB_EV_NONE,      /* byte consumed, nothing complete */
    GDB_EV_PACKET,    /* rx->buf holds a payload with a good checksum */
    GDB_EV_BAD,       /* a packet with a bad checksum or too long: NAK */
    GDB_EV_INTERRUPT, /* 0x03 outside a packet (Ctrl-C) */
};

/*
 * Feeds one received byte. Start from a zeroed struct gdb_rx. '}'
 * escapes are undone in the payload (the checksum covers them as sent).
 */
enum gdb_rx_event gdb_proto_feed(struct gdb_rx *rx, uint8_t c);

/*
 * Frames payload (len bytes) as $payload#xx, escaping '$', '#', '}' and
 * '*'. Returns the framed size, or 0 if it does not fit in outsz.
 */
size_t gdb_proto_frame(char *out, size_t outsz, const char *payload,
                       size_t len);

/* A parsed command. */
struct gdb_cmd {
    char op;          /* '?', 'g', 'G', 'p', 'P', 'm', 'M', 'c', 's', 'Z',
                         'z', 'k', 'D', 'q' (qSupported, qAttached, qRcmd),
                         or 0 for anything else (reply empty) */
    uint64_t addr;    /* m, M, Z, z; c and s with has_addr */
    uint64_t len;     /* m, M (bytes); Z, z (kind) */
    unsigned type;    /* Z, z: 0 software, 1 hardware breakpoint */
    unsigned reg;     /* p, P */
    bool has_addr;    /* c, s: resume at addr */
    const char *data; /* G, P, M: hex digits; q: the query's name */
    size_t data_len;  /* hex digits in data (even) */
};

/*
 * Parses a payload (NUL-terminated, len bytes). Returns 0 and fills *cmd,
 * or -1 for a malformed command of a known kind (reply E01).
 */
int gdb_proto_parse(const char *p, size_t len, struct gdb_cmd *cmd);

/*
 * Decodes n hex digits (n even) into n / 2 bytes at out (outsz bytes).
 * Returns the byte count, or -1 on a bad digit, an odd n or no room.
 */
long gdb_proto_unhex(const char *hex, size_t n, uint8_t *out, size_t outsz);

/* Encodes n bytes as 2n lowercase hex digits at out (not terminated). */
void gdb_proto_hex(const uint8_t *in, size_t n, char *out);

/* A monitor command (qRcmd), decoded and split into words. */
#define GDB_MON_TEXT_MAX 255
#define GDB_MON_TRACE_DEFAULT 8 /* trace records `monitor gpio` shows */
#define GDB_MON_TRACE_MAX 64
enum gdb_mon_op {
    GDB_MON_UNKNOWN,  /* not a command of ours */
    GDB_MON_USAGE,    /* a gpio command with bad arguments */
    GDB_MON_HELP,     /* help */
    GDB_MON_GPIO,     /* gpio [trace N] */
    GDB_MON_GPIO_SET, /* gpio set DEV LINE 0|1 */
};
struct gdb_mon {
    enum gdb_mon_op op;
    char text[GDB_MON_TEXT_MAX + 1]; /* the words, NUL-separated */
    const char *word;                /* the first word (into text) */
    unsigned ntrace;                 /* GPIO: trace records to show */
    const char *dev, *line;          /* GPIO_SET: into text */
    int level;                       /* GPIO_SET: 0 or 1 */
};

/*
 * Decodes the hex argument of qRcmd (n digits) and parses the command in
 * it: "help", "gpio", "gpio trace N" (N <= GDB_MON_TRACE_MAX), "gpio set
 * DEV LINE 0|1". Returns 0 and fills *m, or -1 (reply E01) when the hex
 * is bad, the text longer than GDB_MON_TEXT_MAX or holds a byte outside
 * printable ASCII.
 */
int gdb_proto_monitor(const char *hex, size_t n, struct gdb_mon *m);

#endif
