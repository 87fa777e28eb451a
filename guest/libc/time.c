/* SPDX-License-Identifier: ISC */
/*
 * time.c: clocks from solo5_clock_monotonic (no exit) and
 * solo5_clock_wall (one hypercall). CPU time is the time since boot: the
 * unikernel is the only thing on its vCPU. Sleeping yields to the tender.
 */
#include <errno.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "solo5.h"

static solo5_time_t boot_ns;
static int have_boot;

/* Monotonic nanoseconds since the first clock call (about boot). */
static solo5_time_t since_boot(void)
{
    solo5_time_t now = solo5_clock_monotonic();
    if (!have_boot) {
        boot_ns = now;
        have_boot = 1;
    }
    return now - boot_ns;
}

static void to_timespec(solo5_time_t ns, struct timespec *ts)
{
    ts->tv_sec = (time_t)(ns / 1000000000ULL);
    ts->tv_nsec = (long)(ns % 1000000000ULL);
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
    switch (id) {
    case CLOCK_REALTIME:
        to_timespec(solo5_clock_wall(), ts);
        return 0;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_BOOTTIME:
        to_timespec(solo5_clock_monotonic(), ts);
        return 0;
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
        to_timespec(since_boot(), ts);
        return 0;
    default:
        errno = EINVAL;
        return -1;
    }
}

int clock_getres(clockid_t id, struct timespec *ts)
{
    (void)id;
    if (ts) {
        ts->tv_sec = 0;
        ts->tv_nsec = 1;
    }
    return 0;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    (void)tz;
    if (tv) {
        solo5_time_t ns = solo5_clock_wall();
        tv->tv_sec = (time_t)(ns / 1000000000ULL);
        tv->tv_usec = (suseconds_t)(ns % 1000000000ULL / 1000);
    }
    return 0;
}

time_t time(time_t *t)
{
    time_t s = (time_t)(solo5_clock_wall() / 1000000000ULL);
    if (t)
        *t = s;
    return s;
}

clock_t clock(void)
{
    return (clock_t)(since_boot() / 1000); /* CLOCKS_PER_SEC = 1000000 */
}

int getrusage(int who, struct rusage *ru)
{
    if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN) {
        errno = EINVAL;
        return -1;
    }
    solo5_time_t ns = who == RUSAGE_SELF ? since_boot() : 0;
    *ru = (struct rusage){0};
    ru->ru_utime.tv_sec = (time_t)(ns / 1000000000ULL);
    ru->ru_utime.tv_usec = (suseconds_t)(ns % 1000000000ULL / 1000);
    return 0;
}

clock_t times(struct tms *t)
{
    clock_t ticks = (clock_t)(since_boot() / 10000000ULL); /* 100 Hz */
    if (t)
        *t = (struct tms){.tms_utime = ticks};
    return ticks;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000L) {
        errno = EINVAL;
        return -1;
    }
    solo5_time_t d =
        (solo5_time_t)req->tv_sec * 1000000000ULL + (solo5_time_t)req->tv_nsec;
    solo5_time_t end = solo5_clock_monotonic() + d;
    while (solo5_clock_monotonic() < end)
        solo5_yield(end, NULL);
    if (rem)
        *rem = (struct timespec){0, 0};
    return 0;
}

unsigned sleep(unsigned s)
{
    struct timespec ts = {.tv_sec = s};
    nanosleep(&ts, NULL);
    return 0;
}

int usleep(useconds_t us)
{
    struct timespec ts = {.tv_sec = us / 1000000,
                          .tv_nsec = (long)(us % 1000000) * 1000};
    return nanosleep(&ts, NULL);
}
