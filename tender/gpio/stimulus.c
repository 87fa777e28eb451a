/* SPDX-License-Identifier: ISC */
/*
 * stimulus.c: parses a stimulus file for the simulated chip.
 *
 *   # comment
 *   25ms   button.0  1      drive line 0 of device "button" high
 *   40.5ms button.0  0      ... low
 *   1s     button.0  z      stop driving it: its pull decides again
 *   2s     button.GPIO4 1   a line by its name, where the caller resolves
 *
 * Times are relative to guest start, with a unit: ns, us, ms or s, and up
 * to 9 decimals. Lines may come in any order; changes at the same time are
 * applied in file order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define MAX_CHANGES 1000000
#define MAX_TIME_NS (365ULL * 24 * 3600 * 1000000000ULL)

/* Parses "12", "1.5" followed by a unit into nanoseconds. */
static int parse_time(const char *s, uint64_t *ns)
{
    uint64_t whole = 0, frac = 0, scale = 1;
    const char *p = s;
    if (*p < '0' || *p > '9')
        return -EINVAL;
    for (; *p >= '0' && *p <= '9'; p++) {
        whole = whole * 10 + (uint64_t)(*p - '0');
        if (whole > MAX_TIME_NS)
            return -ERANGE;
    }
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return -EINVAL;
        for (; *p >= '0' && *p <= '9'; p++) {
            if (scale == 1000000000ULL)
                return -EINVAL; /* more than 9 decimals */
            frac = frac * 10 + (uint64_t)(*p - '0');
            scale *= 10;
        }
    }
    uint64_t unit = strcmp(p, "ns") == 0   ? 1
                    : strcmp(p, "us") == 0 ? 1000
                    : strcmp(p, "ms") == 0 ? 1000000
                    : strcmp(p, "s") == 0  ? 1000000000ULL
                                           : 0;
    if (unit == 0)
        return -EINVAL;
    if (whole > MAX_TIME_NS / unit)
        return -ERANGE;
    uint64_t f = frac * unit;
    if (f % scale != 0)
        return -EINVAL; /* finer than a nanosecond */
    *ns = whole * unit + f / scale;
    return *ns > MAX_TIME_NS ? -ERANGE : 0;
}

/*
 * Index of device `name` (n bytes) among those seen, added if new. At
 * most GPIO_MAX_DEVICES names (-E2BIG beyond): a stimulus can only drive
 * granted devices, and the bound keeps this lookup, and the parse, linear.
 */
static int add_dev(struct gpio_stimulus *s, const char *name, size_t n)
{
    for (size_t i = 0; i < s->ndevs; i++)
        if (strncmp(s->devs[i], name, n) == 0 && s->devs[i][n] == '\0')
            return (int)i;
    if (s->ndevs == GPIO_MAX_DEVICES)
        return -E2BIG;
    if (s->devs == NULL) {
        s->devs = calloc(GPIO_MAX_DEVICES, sizeof *s->devs);
        if (s->devs == NULL)
            return -ENOMEM;
    }
    memcpy(s->devs[s->ndevs], name, n);
    s->devs[s->ndevs][n] = '\0';
    return (int)s->ndevs++;
}

/*
 * Parses "DEV.LINE": LINE is an index, or a name that line_index (if not
 * NULL) resolves; its error (-ENODEV, -ENOENT) is returned as is.
 */
static int parse_ref(struct gpio_stimulus *s, const char *ref,
                     gpio_stim_line_fn line_index, unsigned *dev,
                     unsigned *line)
{
    const char *dot = strchr(ref, '.');
    if (dot == NULL || dot == ref || dot - ref > PV_MFT_NAME_MAX)
        return -EINVAL;
    for (const char *c = ref; c < dot; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9')))
            return -EINVAL;
    const char *l = dot + 1;
    if (*l == '\0')
        return -EINVAL;
    if (line_index != NULL && (*l < '0' || *l > '9')) {
        char name[PV_MFT_NAME_SIZE];
        memcpy(name, ref, (size_t)(dot - ref));
        name[dot - ref] = '\0';
        int v = line_index(name, l);
        if (v < 0)
            return v;
        int d = add_dev(s, ref, (size_t)(dot - ref));
        if (d < 0)
            return d == -E2BIG ? d : -EINVAL;
        *dev = (unsigned)d;
        *line = (unsigned)v;
        return 0;
    }
    if (strlen(l) > 2)
        return -EINVAL;
    unsigned v = 0;
    for (const char *c = l; *c; c++) {
        if (*c < '0' || *c > '9')
            return -EINVAL;
        v = v * 10 + (unsigned)(*c - '0');
    }
    if (v >= PV_GPIO_MAX_LINES)
        return -EINVAL;
    int d = add_dev(s, ref, (size_t)(dot - ref));
    if (d < 0)
        return d == -E2BIG ? d : -EINVAL;
    *dev = (unsigned)d;
    *line = v;
    return 0;
}

/* Stable bottom-up merge sort by time: equal times keep file order. */
static int sort_changes(struct gpio_stim_change *a, size_t n)
{
    struct gpio_stim_change *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (tmp == NULL)
        return -ENOMEM;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n;
            size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = a[j].t_ns < a[i].t_ns ? a[j++] : a[i++];
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        memcpy(a, tmp, n * sizeof *a);
    }
    free(tmp);
    return 0;
}

int gpio_stimulus_parse(const char *text, size_t len, struct gpio_stimulus *s,
                        char *err, size_t errlen)
{
    return gpio_stimulus_parse_named(text, len, NULL, s, err, errlen);
}

int gpio_stimulus_parse_named(const char *text, size_t len,
                              gpio_stim_line_fn line_index,
                              struct gpio_stimulus *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    size_t cap = 0;
    unsigned lineno = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        lineno++;
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t n_line = eol ? (size_t)(eol - p) : (size_t)(end - p);
        char buf[256];
        if (memchr(p, '\0', n_line) != NULL) {
            snprintf(err, errlen, "line %u: NUL byte", lineno);
            goto fail;
        }
        if (n_line >= sizeof buf) {
            snprintf(err, errlen, "line %u: too long", lineno);
            goto fail;
        }
        memcpy(buf, p, n_line);
        buf[n_line] = '\0';
        p += n_line + (eol ? 1 : 0);
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        char *save, *tok[4];
        int n = 0;
        for (char *t = strtok_r(buf, " \t\r", &save); t && n < 4;
             t = strtok_r(NULL, " \t\r", &save))
            tok[n++] = t;
        if (n == 0)
            continue;
        if (n != 3) {
            snprintf(err, errlen, "line %u: expected TIME DEV.LINE VALUE",
                     lineno);
            goto fail;
        }
        struct gpio_stim_change ch;
        if (parse_time(tok[0], &ch.t_ns) != 0) {
            snprintf(err, errlen, "line %u: bad time '%s' (e.g. 25ms, 1.5s)",
                     lineno, tok[0]);
            goto fail;
        }
        int rc = parse_ref(s, tok[1], line_index, &ch.dev, &ch.line);
        if (rc == -ENODEV || rc == -ENOENT) {
            *strchr(tok[1], '.') = '\0';
            snprintf(err, errlen,
                     rc == -ENODEV
                         ? "line %u: device '%s' is not a sim GPIO device"
                         : "line %u: device '%s' has no line '%s'",
                     lineno, tok[1], tok[1] + strlen(tok[1]) + 1);
            goto fail;
        }
        if (rc == -E2BIG) {
            snprintf(err, errlen, "line %u: more than %d device names", lineno,
                     GPIO_MAX_DEVICES);
            goto fail;
        }
        if (rc != 0) {
            snprintf(err, errlen, "line %u: bad line '%s' (DEVICE.INDEX%s)",
                     lineno, tok[1], line_index ? " or DEVICE.NAME" : "");
            goto fail;
        }
        if (strcmp(tok[2], "0") == 0 || strcmp(tok[2], "1") == 0)
            ch.level = tok[2][0] - '0';
        else if (strcmp(tok[2], "z") == 0)
            ch.level = -1;
        else {
            snprintf(err, errlen, "line %u: value must be 0, 1 or z", lineno);
            goto fail;
        }
        if (s->n == MAX_CHANGES) {
            snprintf(err, errlen, "line %u: too many changes", lineno);
            goto fail;
        }
        if (s->n == cap) {
            cap = cap ? cap * 2 : 64;
            void *q = realloc(s->changes, cap * sizeof *s->changes);
            if (q == NULL) {
                snprintf(err, errlen, "out of memory");
                goto fail;
            }
            s->changes = q;
        }
        s->changes[s->n++] = ch;
    }
    if (sort_changes(s->changes, s->n) == 0)
        return 0;
    snprintf(err, errlen, "out of memory");
fail:
    gpio_stimulus_free(s);
    return -EINVAL;
}

void gpio_stimulus_free(struct gpio_stimulus *s)
{
    free(s->changes);
    free(s->devs);
    memset(s, 0, sizeof *s);
}
