/* SPDX-License-Identifier: ISC */
/*
 * poll.c: the POLL hypercall (solo5_yield). One epoll set holds a timerfd
 * for the deadline and every registered poll source; bit i of the ready
 * set stands for manifest entry i.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "core.h"
#include "log.h"
#include "poll.h"
#include "sandbox.h"

#define TIMER_TAG UINT64_MAX

static int epoll_fd = -1;
static int timer_fd = -1;

void tnd_poll_init(void)
{
    epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd < 0)
        tnd_die_errno("epoll_create1 failed");
    timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (timer_fd < 0)
        tnd_die_errno("timerfd_create failed");
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = TIMER_TAG};
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, timer_fd, &ev) < 0)
        tnd_die_errno("epoll_ctl failed");
    unsigned n;
    const struct tnd_pollsrc *src = tnd_core_pollsrcs(&n);
    for (unsigned i = 0; i < n; i++) {
        ev.events = EPOLLIN;
        ev.data.u64 = i;
        if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, src[i].fd, &ev) < 0)
            tnd_die_errno("epoll_ctl failed");
    }
    if (tnd_sandbox_allow_fd(epoll_fd, TND_FD_EPOLL) ||
        tnd_sandbox_allow_fd(timer_fd, TND_FD_TIMER))
        tnd_die("sandbox: too many file descriptors");
}

static void arm(uint64_t ns)
{
    /* A zero it_value disarms; force the lowest bit so 0 fires at once. */
    ns |= 1;
    struct itimerspec it = {
        .it_value = {.tv_sec = (time_t)(ns / 1000000000ULL),
                     .tv_nsec = (long)(ns % 1000000000ULL)},
    };
    if (timerfd_settime(timer_fd, 0, &it, NULL) < 0)
        tnd_die_errno("timerfd_settime failed");
}

uint64_t tnd_poll_wait(uint64_t timeout_ns)
{
    unsigned n;
    const struct tnd_pollsrc *src = tnd_core_pollsrcs(&n);
    uint64_t ready = 0;
    for (unsigned i = 0; i < n; i++)
        if (src[i].pending)
            ready |= src[i].pending(src[i].arg);
    arm(ready ? 0 : timeout_ns);

    bool expired = false;
    while (!expired && !ready) {
        struct epoll_event evs[16];
        int k = epoll_wait(epoll_fd, evs, 16, -1);
        if (k < 0) {
            if (errno != EINTR)
                tnd_die_errno("epoll_wait failed");
            tnd_core_check_signal();
            continue;
        }
        for (int j = 0; j < k; j++) {
            uint64_t tag = evs[j].data.u64;
            if (tag == TIMER_TAG) {
                uint64_t ticks;
                ssize_t r = read(timer_fd, &ticks, sizeof ticks);
                (void)r;
                expired = true;
                continue;
            }
            const struct tnd_pollsrc *s = &src[tag];
            if (s->hangup && (evs[j].events & (EPOLLHUP | EPOLLERR))) {
                /* Level-triggered for ever: drop it, report it once. */
                if (epoll_ctl(epoll_fd, EPOLL_CTL_DEL, s->fd, NULL) < 0)
                    tnd_die_errno("epoll_ctl failed");
                s->hangup(s->arg);
                ready |= 1ULL << s->index;
                continue;
            }
            ready |= s->readable ? s->readable(s->arg) : 1ULL << s->index;
        }
    }
    return ready;
}
