/* SPDX-License-Identifier: ISC */
/*
 * sim_dev.c: a sim UART device inside the tender: its script read and
 * parsed, and its peer made a poll source whose timer wakes POLL when
 * the next scripted bytes are due (docs/uart.md, "The simulated peer").
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "../clock.h"
#include "../core.h"
#include "../log.h"
#include "../module.h"
#include "../sandbox.h"
#include "uart.h"

/* One sim device's poll source. */
struct sim_src {
    struct uart_sim *sim;
    int timer;
    unsigned index; /* manifest entry */
};

struct uart_sim *uart_sim_dev_load(const char *path)
{
    static char text[(1 << 20) + 1];
    char err[200];
    size_t n = tnd_module_read_file("uart", "sim", "a UART sim script", path,
                                    text, sizeof text);
    struct uart_sim *s = malloc(sizeof *s);
    if (s == NULL)
        tnd_die("uart: out of memory");
    if (uart_sim_parse(text, n, s, err, sizeof err) != 0)
        tnd_die("uart: %s: %s", path, err);
    return s;
}

/*
 * Ready when the peer has bytes now; otherwise the timer is set for the
 * next step's time, so POLL wakes then.
 */
static uint64_t pending(void *arg)
{
    struct sim_src *d = arg;
    uint64_t next = uart_sim_next(d->sim, tnd_clock_now_ns());
    if (next == 0)
        return 1ULL << d->index;
    if (next != UINT64_MAX) {
        struct itimerspec it = {
            .it_value = {.tv_sec = (time_t)(next / 1000000000ULL),
                         .tv_nsec = (long)(next % 1000000000ULL)}};
        if (timerfd_settime(d->timer, TFD_TIMER_ABSTIME, &it, NULL) < 0)
            tnd_die_errno("uart: timerfd_settime failed");
    }
    return 0;
}

static uint64_t readable(void *arg)
{
    struct sim_src *d = arg;
    uint64_t ticks;
    if (read(d->timer, &ticks, sizeof ticks) < 0 && errno != EAGAIN)
        tnd_die_errno("uart: reading a timer failed");
    return uart_sim_next(d->sim, tnd_clock_now_ns()) == 0 ? 1ULL << d->index
                                                          : 0;
}

void uart_sim_dev_poll(struct uart_sim *s, unsigned index)
{
    struct sim_src *d = malloc(sizeof *d);
    if (d == NULL)
        tnd_die("uart: out of memory");
    d->sim = s;
    d->index = index;
    d->timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (d->timer < 0)
        tnd_die_errno("uart: timerfd_create failed");
    struct tnd_pollsrc src = {.fd = d->timer,
                              .index = index,
                              .pending = pending,
                              .readable = readable,
                              .arg = d};
    if (tnd_core_register_pollsrc(&src) ||
        tnd_sandbox_allow_fd(d->timer, TND_FD_TIMER))
        tnd_die("uart: too many devices");
}
