/*
 * pvlibc.h: the few C library functions a freestanding unikernel needs,
 * for pinvisor's bindings and for applications (build/guest/libpvlibc.a).
 * Same names and contracts as ISO C; printf() writes to the console.
 *
 * Limitations: printf understands %d %i %u %x %X %o %c %s %p %%, the
 * flags '-' and '0', a width, a precision for %s, and the l, ll and z
 * length modifiers; no floating point, no wide characters, no locales.
 */
#ifndef PVLIBC_H
#define PVLIBC_H

#include <stdarg.h>
#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/*
 * Reads an unsigned number in `base` (2..36, or 0: 0x... hex, 0... octal,
 * else decimal) after optional spaces; saturates at ULONG_MAX. *end (if
 * not NULL) is set past the last digit, or to s if there was none.
 */
unsigned long strtoul(const char *s, char **end, int base);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Formats into a 1 KiB buffer and writes it to the console. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes s to the console; no newline is added. */
void pv_puts(const char *s);

#endif
