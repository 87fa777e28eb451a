/* SPDX-License-Identifier: ISC */
/*
 * trace.c: the UART byte log (--uart-trace=FILE), one line an event:
 *
 *   0.001234567 gps tx "hello\r\n"
 *   0.002000000 gps rx "$GPGGA,\x01"
 *   0.003000000 gps config 115200 8N1 OK
 *
 * seconds after guest start, the device, and the bytes the guest wrote
 * (tx) or read (rx) as a C string (\n \r \t \\ \" and \xNN for the rest
 * outside printable ASCII), or a note; written by ../trace_file.c.
 */
#include <stdio.h>
#include <string.h>

#include "../abi.h"
#include "../trace_file.h"
#include "uart.h"

struct tnd_trace_file uart_trace =
    TND_TRACE_FILE_INIT("--uart-trace", "uart trace",
                        "# pinvisor UART trace: seconds after guest "
                        "start, device, tx/rx bytes or a note\n");

void uart_trace_log(const char *name, const char *what, const uint8_t *buf,
                    size_t n, uint64_t now_ns)
{
    if (uart_trace.fd < 0)
        return;
    /* Four characters a byte at most, and the rest. */
    static char line[PV_UART_MAX_IO * 4 + 256];
    size_t u = tnd_trace_file_stamp(&uart_trace, line, sizeof line, now_ns);
    u += (size_t)snprintf(line + u, sizeof line - u, " %s %s", name, what);
    if (buf) {
        line[u++] = ' ';
        line[u++] = '"';
        for (size_t i = 0; i < n && i < PV_UART_MAX_IO; i++) {
            uint8_t c = buf[i];
            const char *esc = c == '\n'   ? "\\n"
                              : c == '\r' ? "\\r"
                              : c == '\t' ? "\\t"
                              : c == '\\' ? "\\\\"
                              : c == '"'  ? "\\\""
                                          : NULL;
            if (esc) {
                memcpy(line + u, esc, 2);
                u += 2;
            } else if (c < 0x20 || c > 0x7e) {
                u += (size_t)snprintf(line + u, 5, "\\x%02x", c);
            } else {
                line[u++] = (char)c;
            }
        }
        line[u++] = '"';
    }
    line[u++] = '\n';
    tnd_trace_file_write(&uart_trace, line, u);
}
