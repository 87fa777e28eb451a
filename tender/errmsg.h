/* SPDX-License-Identifier: ISC */
/*
 * errmsg.h: the one-line reasons of the pure parsers (grants, sim
 * scripts), formatted into the caller's buffer.
 */
#ifndef TND_ERRMSG_H
#define TND_ERRMSG_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Formats the reason into err (errlen bytes). Returns -EINVAL. */
static inline int tnd_errmsg(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline int tnd_errmsg(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -EINVAL;
}

/* As tnd_errmsg, the reason after "line LINENO: ". Returns -EINVAL. */
static inline int tnd_errmsg_line(char *err, size_t errlen, unsigned lineno,
                                  const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static inline int tnd_errmsg_line(char *err, size_t errlen, unsigned lineno,
                                  const char *fmt, ...)
{
    int o = snprintf(err, errlen, "line %u: ", lineno);
    if (o > 0 && (size_t)o < errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + o, errlen - (size_t)o, fmt, ap);
        va_end(ap);
    }
    return -EINVAL;
}

#endif
