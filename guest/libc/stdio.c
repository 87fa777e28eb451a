/* SPDX-License-Identifier: ISC */
/*
 * stdio.c: the standard streams on the console. stdout and stderr both go
 * to solo5_console_write (the tender's stdout), unbuffered: each call
 * writes its bytes in one console write, so nothing is left behind at
 * exit and every write costs one exit. stdin is always at end of file.
 * Other streams cannot be opened (no file system).
 *
 * Formatting is musl's (vsnprintf); vsnprintf itself takes a fast path
 * for a lone integer conversion ("%d", "%ld", "%lu"...), which is what
 * OCaml's string_of_int and Printf's integer formats call millions of
 * times.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvlibc.h"
#include "solo5.h"

struct _IO_FILE {
    int fd;
    int err;
};

static FILE files[3] = {{0, 0}, {1, 0}, {2, 0}};
FILE *const stdin = &files[0];
FILE *const stdout = &files[1];
FILE *const stderr = &files[2];

/* musl's formatted-output core, renamed at import (musl_import.sh). */
int __pv_musl_vsnprintf(char *, size_t, const char *, va_list);

/* musl's FILE locking hooks: our streams never reach musl, and musl's own
 * string FILEs are unlocked, so these are never called with a lock. */
int __lockfile(FILE *f);
void __unlockfile(FILE *f);
int __lockfile(FILE *f)
{
    (void)f;
    return 0;
}
void __unlockfile(FILE *f)
{
    (void)f;
}

/* Linking musl's __towrite asks for stdio's exit-time flush; musl's
 * string FILEs have nothing to flush. */
void __stdio_exit_needed(void);
void __stdio_exit_needed(void)
{
}

static int out(FILE *f, const void *buf, size_t n)
{
    if (f != stdout && f != stderr) {
        if (f)
            f->err = 1;
        errno = EBADF;
        return -1;
    }
    if (n)
        solo5_console_write(buf, n);
    return 0;
}

/* Formats fmt, without a fixed limit when the heap allows. */
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
    char small[4096];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        va_end(ap2);
        return n;
    }
    char *buf = small;
    size_t len = (size_t)n;
    if (len >= sizeof small) {
        buf = malloc(len + 1);
        if (buf)
            vsnprintf(buf, len + 1, fmt, ap2);
        else {
            buf = small;
            len = sizeof small - 1;
        }
    }
    va_end(ap2);
    int r = out(f, buf, len);
    if (buf != small)
        free(buf);
    return r < 0 ? -1 : n;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

int vdprintf(int fd, const char *restrict fmt, va_list ap)
{
    if (fd != 1 && fd != 2) {
        errno = EBADF;
        return -1;
    }
    return vfprintf(fd == 1 ? stdout : stderr, fmt, ap);
}

int dprintf(int fd, const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vdprintf(fd, fmt, ap);
    va_end(ap);
    return n;
}

/* The fast path: "%" [l|ll|z|j] (d|i|u|x|X) and nothing else. */
static int fast_int(char *buf, size_t size, const char *fmt, va_list ap)
{
    const char *p = fmt + 1;
    int longs = 0;
    while (*p == 'l' && longs < 2) {
        longs++;
        p++;
    }
    if (longs == 0 && (*p == 'z' || *p == 'j')) {
        longs = 2;
        p++;
    }
    char conv = *p;
    if (p[0] == 0 || p[1] != 0)
        return -1;
    unsigned base;
    int is_signed = 0;
    switch (conv) {
    case 'd':
    case 'i':
        is_signed = 1;
        base = 10;
        break;
    case 'u':
        base = 10;
        break;
    case 'x':
    case 'X':
        base = 16;
        break;
    default:
        return -1;
    }
    unsigned long long v;
    int neg = 0;
    if (is_signed) {
        long long s = longs ? va_arg(ap, long long) : va_arg(ap, int);
        neg = s < 0;
        v = neg ? 0ULL - (unsigned long long)s : (unsigned long long)s;
    } else {
        v = longs ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
    }
    const char *digits = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (neg)
        tmp[n++] = '-';
    int len = n;
    if (size) {
        size_t k = 0;
        while (n && k + 1 < size)
            buf[k++] = tmp[--n];
        buf[k] = 0;
    }
    return len;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
              va_list ap)
{
    if (fmt[0] == '%' && fmt[1] && fmt[1] != '%') {
        va_list ap2;
        va_copy(ap2, ap);
        int n = fast_int(buf, size, fmt, ap2);
        va_end(ap2);
        if (n >= 0)
            return n;
    }
    return __pv_musl_vsnprintf(buf, size, fmt, ap);
}

int fputs(const char *restrict s, FILE *restrict f)
{
    return out(f, s, strlen(s));
}

int puts(const char *s)
{
    size_t n = strlen(s);
    char small[512];
    if (n < sizeof small) { /* one console write for the line */
        memcpy(small, s, n);
        small[n] = '\n';
        return out(stdout, small, n + 1) < 0 ? EOF : 0;
    }
    if (out(stdout, s, n) < 0 || out(stdout, "\n", 1) < 0)
        return EOF;
    return 0;
}

void pv_puts(const char *s)
{
    out(stdout, s, strlen(s));
}

int fputc(int c, FILE *f)
{
    unsigned char b = (unsigned char)c;
    return out(f, &b, 1) < 0 ? EOF : b;
}

int putc(int c, FILE *f)
{
    return fputc(c, f);
}

int putchar(int c)
{
    return fputc(c, stdout);
}

size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f)
{
    if (size == 0 || n == 0)
        return 0;
    if (n > (size_t)-1 / size) {
        errno = EOVERFLOW;
        return 0;
    }
    return out(f, p, size * n) < 0 ? 0 : n;
}

int fflush(FILE *f)
{
    (void)f;
    return 0;
}

int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size)
{
    (void)f, (void)buf, (void)mode, (void)size;
    return 0;
}

int fileno(FILE *f)
{
    return f->fd;
}

int ferror(FILE *f)
{
    return f->err;
}

int feof(FILE *f)
{
    return f == stdin;
}

void clearerr(FILE *f)
{
    f->err = 0;
}

int fgetc(FILE *f)
{
    (void)f;
    return EOF;
}

int getc(FILE *f)
{
    return fgetc(f);
}

int getchar(void)
{
    return EOF;
}

char *fgets(char *restrict s, int n, FILE *restrict f)
{
    (void)s, (void)n, (void)f;
    return NULL;
}

size_t fread(void *restrict p, size_t size, size_t n, FILE *restrict f)
{
    (void)p, (void)size, (void)n, (void)f;
    return 0;
}

FILE *fopen(const char *restrict path, const char *restrict mode)
{
    (void)path, (void)mode;
    errno = ENOENT;
    return NULL;
}

FILE *fdopen(int fd, const char *mode)
{
    (void)mode;
    if (fd >= 0 && fd <= 2)
        return &files[fd];
    errno = EBADF;
    return NULL;
}

int fclose(FILE *f)
{
    (void)f;
    return 0;
}
