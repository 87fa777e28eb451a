/* SPDX-License-Identifier: ISC */
/*
 * locale.c: the C locale only. newlocale() hands out one token for it
 * (OCaml's runtime asks for a C locale to parse and print floats), so
 * strtod_l is strtod; wide characters are encoded as UTF-8 (musl's own
 * wctomb reads the locale from the thread pointer, which pinvisor guests
 * do not have).
 */
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static struct __locale_struct {
    int unused;
} c_locale;

locale_t newlocale(int mask, const char *name, locale_t base)
{
    (void)mask, (void)base;
    if (name && strcmp(name, "C") && strcmp(name, "POSIX") &&
        strcmp(name, "")) {
        errno = ENOENT;
        return 0;
    }
    return &c_locale;
}

locale_t duplocale(locale_t l)
{
    return l;
}

void freelocale(locale_t l)
{
    (void)l;
}

locale_t uselocale(locale_t l)
{
    (void)l;
    return LC_GLOBAL_LOCALE;
}

char *setlocale(int cat, const char *name)
{
    (void)cat;
    if (name && strcmp(name, "C") && strcmp(name, "POSIX") && strcmp(name, ""))
        return NULL;
    return (char *)"C";
}

int strcoll(const char *a, const char *b)
{
    return strcmp(a, b);
}

double strtod_l(const char *restrict s, char **restrict end, locale_t l)
{
    (void)l;
    return strtod(s, end);
}

size_t wcrtomb(char *restrict s, wchar_t wc, mbstate_t *restrict st)
{
    (void)st;
    char tmp[4];
    unsigned c = (unsigned)wc;
    if (!s)
        s = tmp, c = 0;
    if (c < 0x80) {
        s[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        s[0] = (char)(0xc0 | c >> 6);
        s[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        if (c >= 0xd800 && c < 0xe000)
            goto bad;
        s[0] = (char)(0xe0 | c >> 12);
        s[1] = (char)(0x80 | (c >> 6 & 0x3f));
        s[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    if (c < 0x110000) {
        s[0] = (char)(0xf0 | c >> 18);
        s[1] = (char)(0x80 | (c >> 12 & 0x3f));
        s[2] = (char)(0x80 | (c >> 6 & 0x3f));
        s[3] = (char)(0x80 | (c & 0x3f));
        return 4;
    }
bad:
    errno = EILSEQ;
    return (size_t)-1;
}

int wctomb(char *s, wchar_t wc)
{
    if (!s)
        return 0; /* stateless */
    return (int)wcrtomb(s, wc, NULL);
}

size_t mbrtowc(wchar_t *restrict wc, const char *restrict src, size_t n,
               mbstate_t *restrict st)
{
    (void)st;
    const unsigned char *s = (const unsigned char *)src;
    if (!s)
        return 0;
    if (n == 0)
        return (size_t)-2;
    unsigned c = s[0], len, min;
    if (c < 0x80)
        len = 1, min = 0;
    else if (c >= 0xc2 && c < 0xe0)
        len = 2, c &= 0x1f, min = 0x80;
    else if (c >= 0xe0 && c < 0xf0)
        len = 3, c &= 0x0f, min = 0x800;
    else if (c >= 0xf0 && c < 0xf5)
        len = 4, c &= 0x07, min = 0x10000;
    else
        goto bad;
    if (n < len)
        return (size_t)-2; /* this decoder keeps no partial state */
    for (unsigned i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            goto bad;
        c = c << 6 | (s[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
        goto bad;
    if (wc)
        *wc = (wchar_t)c;
    return c ? len : 0;
bad:
    errno = EILSEQ;
    return (size_t)-1;
}

int mbsinit(const mbstate_t *st)
{
    (void)st;
    return 1;
}
