/* SPDX-License-Identifier: ISC */
/*
 * pvlibc.h: pinvisor's guest C library (build/guest/libpvlibc.a), for
 * applications. It is musl's pure code (string functions, formatted
 * printing and scanning, strtod, the math library: Debian's musl-dev) plus
 * pinvisor's glue for what touches the outside (console streams, clocks,
 * exit and abort, malloc, and process and file functions that answer with
 * errors): docs/libc.md.
 *
 * Applications may include musl's standard headers (<stdio.h>, <math.h>,
 * <stdlib.h>, <string.h>...: the build adds them to the include path) or
 * this header, which declares the common subset and pinvisor's additions,
 * and also compiles with a compiler's freestanding headers alone.
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
unsigned long strtoul(const char *s, char **end, int base);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * Writes to the console in one write (one exit) per call; output longer
 * than 4 KiB needs the heap (pvlibc_heap_init), else it is cut there.
 */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Writes s to the console; no newline is added. */
void pv_puts(const char *s);

/*
 * Gives malloc() the memory [start, start + size), normally
 * si->heap_start and si->heap_size from solo5_app_main(). Call it once,
 * before the first allocation; until then malloc() returns NULL (ENOMEM).
 */
void pvlibc_heap_init(void *start, size_t size);
/* Bytes malloc() could still hand out (free lists plus the untouched end). */
size_t pvlibc_heap_free_bytes(void);

/*
 * The environment getenv() reads: a NULL-terminated array of "NAME=VALUE"
 * strings, owned by the caller and kept alive (empty until set).
 */
void pvlibc_set_environ(char **envp);

#endif
