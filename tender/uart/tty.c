/* SPDX-License-Identifier: ISC */
/*
 * tty.c: the UART class's tty backend, a serial port or a pty in raw
 * mode (docs/uart.md, "The line on the host").
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "uart.h"

static const struct {
    uint32_t rate;
    speed_t code;
} rates[] = {
    {50, B50},           {75, B75},           {110, B110},
    {134, B134},         {150, B150},         {200, B200},
    {300, B300},         {600, B600},         {1200, B1200},
    {1800, B1800},       {2400, B2400},       {4800, B4800},
    {9600, B9600},       {19200, B19200},     {38400, B38400},
    {57600, B57600},     {115200, B115200},   {230400, B230400},
    {460800, B460800},   {500000, B500000},   {576000, B576000},
    {921600, B921600},   {1000000, B1000000}, {1152000, B1152000},
    {1500000, B1500000}, {2000000, B2000000}, {2500000, B2500000},
    {3000000, B3000000}, {3500000, B3500000}, {4000000, B4000000},
};

static int code_of(uint32_t baud, speed_t *code)
{
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
        if (rates[i].rate == baud) {
            *code = rates[i].code;
            return 0;
        }
    return -EINVAL;
}

bool uart_baud_known(uint32_t baud)
{
    speed_t c;
    return code_of(baud, &c) == 0;
}

int uart_tty_open(const char *path, struct termios *saved, char *err,
                  size_t errlen)
{
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(e));
        return -e;
    }
    if (tcgetattr(fd, saved) != 0) {
        int e = errno;
        snprintf(err, errlen, "%s: %s", path,
                 e == ENOTTY ? "not a terminal" : strerror(e));
        close(fd);
        return -e;
    }
    return fd;
}

int uart_tty_apply(int fd, uint32_t baud, const struct uart_frame *f)
{
    static const tcflag_t size[] = {CS5, CS6, CS7, CS8};
    struct termios t;
    speed_t code;
    if (code_of(baud, &code) != 0 || f->data_bits < 5 || f->data_bits > 8)
        return -EINVAL;
    /* Built from nothing, so no setting of the old owner survives. */
    memset(&t, 0, sizeof t);
    cfmakeraw(&t);
    t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
    t.c_cflag |= CREAD | CLOCAL | size[f->data_bits - 5];
    if (f->parity != PV_UART_PARITY_NONE)
        t.c_cflag |= PARENB;
    if (f->parity == PV_UART_PARITY_ODD)
        t.c_cflag |= PARODD;
    if (f->stop_bits == 2)
        t.c_cflag |= CSTOPB;
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    if (cfsetispeed(&t, code) != 0 || cfsetospeed(&t, code) != 0)
        return -EINVAL;
    return tcsetattr(fd, TCSANOW, &t) == 0 ? 0 : -errno;
}

int uart_tty_restore(int fd, const struct termios *saved)
{
    return tcsetattr(fd, TCSANOW, saved) == 0 ? 0 : -errno;
}

int uart_tty_break(int fd, uint32_t ms)
{
    /* The kernel drains the output first, with no time limit. */
    int queued = 0;
    if (ioctl(fd, TIOCOUTQ, &queued) != 0)
        return -errno;
    if (queued > 0)
        return -EAGAIN;
    /* TCSBRKP counts tenths of a second. */
    return ioctl(fd, TCSBRKP, (unsigned long)((ms + 99) / 100)) == 0 ? 0
                                                                     : -errno;
}

int uart_tty_drain(int fd, unsigned *budget_ms)
{
    int queued = 0;
    while (ioctl(fd, TIOCOUTQ, &queued) == 0 && queued > 0 &&
           *budget_ms >= 10) {
        /* A 10 ms sleep: ppoll on one fd, asking for no event. */
        struct pollfd pfd = {.fd = fd, .events = 0};
        struct timespec ts = {.tv_nsec = 10000000};
        if (ppoll(&pfd, 1, &ts, NULL) != 0)
            break; /* hung up or an error: nothing more will leave */
        *budget_ms -= 10;
    }
    if (ioctl(fd, TIOCOUTQ, &queued) != 0)
        return -errno;
    if (queued > 0 && ioctl(fd, TCFLSH, TCOFLUSH) != 0)
        return -errno;
    return queued;
}

int uart_tty_modem(int fd, uint32_t set, uint32_t clear, uint32_t *state)
{
    static const struct {
        uint32_t pv;
        int tio;
    } map[] = {{PV_UART_DTR, TIOCM_DTR}, {PV_UART_RTS, TIOCM_RTS},
               {PV_UART_CTS, TIOCM_CTS}, {PV_UART_DSR, TIOCM_DSR},
               {PV_UART_DCD, TIOCM_CAR}, {PV_UART_RI, TIOCM_RNG}};
    int s = 0, c = 0, now;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        s |= set & map[i].pv ? map[i].tio : 0;
        c |= clear & map[i].pv ? map[i].tio : 0;
    }
    if ((s && ioctl(fd, TIOCMBIS, &s) != 0) ||
        (c && ioctl(fd, TIOCMBIC, &c) != 0) || ioctl(fd, TIOCMGET, &now) != 0)
        return -errno;
    *state = 0;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        *state |= now & map[i].tio ? map[i].pv : 0;
    return 0;
}
