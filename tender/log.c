/* SPDX-License-Identifier: ISC */
/*
 * log.c: one-line messages and the fatal-error exits of the tender.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tender.h"

int tnd_log_level = 1;

/*
 * Formats into one buffer and writes it with a single write(2), so the
 * line is not interleaved with guest output and needs no stdio locking.
 */
static void vsay(const char *fmt, va_list ap, const char *suffix)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "pinvisor: ");
    int m = vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof buf - 2)
        len = sizeof buf - 2;
    if (suffix) {
        int k = snprintf(buf + len, sizeof buf - 1 - len, "%s", suffix);
        len += k < 0 ? 0 : (size_t)k;
        if (len > sizeof buf - 2)
            len = sizeof buf - 2;
    }
    buf[len++] = '\n';
    ssize_t w = write(STDERR_FILENO, buf, len);
    (void)w;
}

void tnd_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap, NULL);
    va_end(ap);
    tnd_core_exit(TND_EXIT_ERROR);
}

void tnd_die_errno(const char *fmt, ...)
{
    char e[128];
    snprintf(e, sizeof e, ": %s", strerror(errno));
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap, e);
    va_end(ap);
    tnd_core_exit(TND_EXIT_ERROR);
}

void tnd_die_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap, " (see pinvisor --help)");
    va_end(ap);
    tnd_core_exit(tnd_exit_usage);
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
