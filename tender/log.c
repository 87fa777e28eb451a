/* SPDX-License-Identifier: ISC */
/*
 * log.c: one-line messages and the fatal-error exits of the tender.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "dropin.h"
#include "log.h"

int tnd_log_level = 1;

/* One wait for stderr to take a line, and how many an exit allows. */
#define SLICE_NS 50000000L
#define EXIT_SLICES 2

/*
 * Writes one line of at most PIPE_BUF bytes to stderr with a single
 * write(2), so it is not interleaved with guest output and needs no
 * stdio locking. The write is made only once poll says stderr can take
 * it, so it never blocks on a pipe. A stalled stderr is waited for in
 * 50 ms slices: while the tender runs, until it is told to stop (a stop
 * signal interrupts the wait on the vCPU thread at once); once the exit
 * hooks have run, two slices at most. The line is lost then.
 */
static void put(const char *buf, size_t len)
{
    for (int slices = 0;;) {
        struct pollfd p = {.fd = STDERR_FILENO, .events = POLLOUT};
        struct timespec ts = {0, SLICE_NS};
        int r = ppoll(&p, 1, &ts, NULL);
        if (r > 0 || (r < 0 && errno != EINTR)) {
            ssize_t w = write(STDERR_FILENO, buf, len);
            (void)w;
            return;
        }
        if (tnd_core_exiting() ? ++slices >= EXIT_SLICES
                               : atomic_load(&tnd_core_signal) != 0)
            return;
    }
}

/* Formats "pinvisor: MESSAGE[SUFFIX]\n" into buf[1024]; returns the length. */
static size_t format(char buf[1024], const char *fmt, va_list ap,
                     const char *suffix)
{
    const size_t size = 1024;
    int n = snprintf(buf, size, "pinvisor: ");
    int m = vsnprintf(buf + n, size - (size_t)n, fmt, ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (len > size - 2)
        len = size - 2;
    if (suffix) {
        int k = snprintf(buf + len, size - 1 - len, "%s", suffix);
        len += k < 0 ? 0 : (size_t)k;
        if (len > size - 2)
            len = size - 2;
    }
    buf[len++] = '\n';
    return len;
}

static void vsay(const char *fmt, va_list ap, const char *suffix)
{
    char buf[1024];
    put(buf, format(buf, fmt, ap, suffix));
}

/*
 * The fatal paths: the exit hooks (outputs safe) run first, then the
 * message is written, so a stalled stderr cannot delay the safe state.
 */
static noreturn void vdie(int status, const char *fmt, va_list ap,
                          const char *suffix)
{
    char buf[1024];
    size_t len = format(buf, fmt, ap, suffix);
    tnd_core_run_exit_hooks(status);
    put(buf, len);
    _exit(status);
}

void tnd_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdie(TND_EXIT_ERROR, fmt, ap, NULL);
}

void tnd_die_errno(const char *fmt, ...)
{
    char e[128];
    snprintf(e, sizeof e, ": %s", strerror(errno));
    va_list ap;
    va_start(ap, fmt);
    vdie(TND_EXIT_ERROR, fmt, ap, e);
}

void tnd_die_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vdie(tnd_exit_usage, fmt, ap, " (see pinvisor --help)");
}

void tnd_warn(const char *fmt, ...)
{
    if (tnd_log_level < 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap, NULL);
    va_end(ap);
}

void tnd_info(const char *fmt, ...)
{
    if (tnd_log_level < 2)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap, NULL);
    va_end(ap);
}
