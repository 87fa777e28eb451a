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
 * outside printable ASCII), or a note. Each line is written at once with
 * write(2), so the sandbox needs nothing more than the fd's TND_FD_OUTPUT
 * role.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../abi.h"
#include "../clock.h"
#include "../core.h"
#include "../log.h"
#include "../module.h"
#include "uart.h"

static int fd = -1;
static uint64_t t0;
static bool failed;

int uart_trace_open(const char *path, char *err, size_t errlen)
{
    /* Truncated only once it is known to be none of the inputs. */
    fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        snprintf(err, errlen, "cannot create %s: %s", path, strerror(e));
        return -e;
    }
    const char *input = tnd_module_input_of(fd);
    if (input) {
        snprintf(err, errlen, "--uart-trace=%s: that file is %s, an input",
                 path, input);
        close(fd);
        fd = -1;
        return -EEXIST;
    }
    static const char head[] = "# pinvisor UART trace: seconds after guest "
                               "start, device, tx/rx bytes or a note\n";
    if ((ftruncate(fd, 0) != 0 && errno != EINVAL) ||
        write(fd, head, sizeof head - 1) != (ssize_t)(sizeof head - 1)) {
        int e = errno;
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(e));
        return -e;
    }
    return 0;
}

int uart_trace_fd(void)
{
    return fd;
}

void uart_trace_start(uint64_t t0_ns)
{
    t0 = t0_ns;
}

void uart_trace_log(const char *name, const char *what, const uint8_t *buf,
                    size_t n, uint64_t now_ns)
{
    if (fd < 0 || failed)
        return;
    /* Four characters a byte at most, and the rest. */
    static char line[PV_UART_MAX_IO * 4 + 256];
    uint64_t t = now_ns > t0 ? now_ns - t0 : 0;
    size_t u =
        (size_t)snprintf(line, sizeof line, "%llu.%09llu %s %s",
                         (unsigned long long)(t / 1000000000ULL),
                         (unsigned long long)(t % 1000000000ULL), name, what);
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
    size_t done = 0;
    while (done < u) {
        ssize_t w = write(fd, line + done, u - done);
        if (w < 0 && errno == EINTR) {
            tnd_core_check_signal(); /* a stop ends a stalled write */
            continue;
        }
        if (w <= 0) {
            failed = true;
            tnd_warn("uart trace: write failed; the trace is incomplete");
            return;
        }
        done += (size_t)w;
    }
}
