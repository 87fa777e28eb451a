/* SPDX-License-Identifier: ISC */
/*
 * args.c: pure parsers for the tender's command line. They never exit;
 * main.c and the modules turn their errors into usage errors.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "abi.h"
#include "args.h"

int tnd_args_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (*s == '\0')
        return -EINVAL;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -EINVAL;
        unsigned d = (unsigned)(*s - '0');
        /* d > max first: max - d must not wrap for a small max. */
        if (d > max || v > (max - d) / 10)
            return -ERANGE;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

int tnd_args_parse_mem(const char *s, uint64_t *bytes)
{
    uint64_t mib;
    int rc = tnd_args_parse_u64(s, TND_MEM_MAX_MIB, &mib);
    if (rc)
        return rc;
    if (mib == 0)
        return -ERANGE;
    *bytes = mib << 20;
    return 0;
}

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

int tnd_args_device_opt(const char *arg, const char *prefix,
                        char name[PV_MFT_NAME_SIZE], const char **value)
{
    size_t plen = strlen(prefix);
    if (strncmp(arg, prefix, plen) != 0)
        return 1;
    const char *n = arg + plen;
    const char *eq = strchr(n, '=');
    if (eq == NULL)
        return -EINVAL;
    size_t nlen = (size_t)(eq - n);
    if (nlen == 0 || nlen > PV_MFT_NAME_MAX)
        return -EINVAL;
    for (size_t i = 0; i < nlen; i++)
        if (!is_alnum(n[i]))
            return -EINVAL;
    memcpy(name, n, nlen);
    name[nlen] = '\0';
    *value = eq + 1;
    return 0;
}

const char *tnd_args_item(const char **s, const char *end, char sep,
                          size_t *len)
{
    const char *item = *s;
    if (item == NULL)
        return NULL;
    const char *e = memchr(item, sep, (size_t)(end - item));
    *len = (size_t)((e ? e : end) - item);
    *s = e ? e + 1 : NULL;
    return item;
}

int tnd_args_add_once(void *arr, unsigned *n, unsigned max, const void *v,
                      size_t size)
{
    unsigned char *a = arr;
    if (*n == max)
        return -E2BIG;
    for (unsigned i = 0; i < *n; i++)
        if (memcmp(a + i * size, v, size) == 0)
            return -EEXIST;
    memcpy(a + *n * size, v, size);
    (*n)++;
    return 0;
}

int tnd_args_find_kernel(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return i + 1 < argc ? i + 1 : -1;
        if (argv[i][0] != '-')
            return i;
    }
    return -1;
}

int tnd_args_join(int argc, char **argv, int first, char *buf, size_t size)
{
    size_t len = 0;
    if (size == 0)
        return -E2BIG;
    buf[0] = '\0';
    for (int i = first; i < argc; i++) {
        size_t alen = strlen(argv[i]);
        size_t need = alen + (i > first ? 1 : 0);
        if (need >= size - len)
            return -E2BIG;
        if (i > first)
            buf[len++] = ' ';
        memcpy(buf + len, argv[i], alen);
        len += alen;
        buf[len] = '\0';
    }
    return (int)len;
}
