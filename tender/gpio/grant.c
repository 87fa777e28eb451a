/* SPDX-License-Identifier: ISC */
/*
 * grant.c: parses the operator's GPIO grant,
 *
 *   --gpio:NAME=CHIP:LINES[:OPTIONS]
 *
 * CHIP is "sim", "gpiochipN", "/dev/gpiochipN" or a chip label; LINES a
 * comma-separated list of line offsets or line names (at most 64, no
 * repeats); OPTIONS a comma-separated list of "in", "out", "inout" (the
 * directions the guest may use; default inout) and "safe=0", "safe=1",
 * "safe=z" (what output lines are left at when the guest lets go; default
 * safe=0, physical low). A line given as digits is an offset: a decimal
 * number without leading zeros, below 2^32. Nothing is looked up on the
 * host here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../errmsg.h"
#include "grant.h"

#define FAIL(...) return tnd_errmsg(err, errlen, __VA_ARGS__)

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* Line names: what the kernel allows in practice, minus separators. */
static bool line_char_ok(char c)
{
    return is_alnum(c) || c == '_' || c == '-' || c == '.' || c == '/';
}

/* Copies [s, s+n) into out (size max) as a NUL-terminated string. */
static bool take(const char *s, size_t n, char *out, size_t max)
{
    if (n == 0 || n >= max)
        return false;
    memcpy(out, s, n);
    out[n] = '\0';
    return true;
}

static int parse_lines(const char *s, size_t n, struct gpio_grant *g, char *err,
                       size_t errlen)
{
    const char *end = s + n;
    while (s <= end) {
        const char *comma = memchr(s, ',', (size_t)(end - s));
        const char *e = comma ? comma : end;
        if (g->nlines == PV_GPIO_MAX_LINES)
            FAIL("more than %d lines", PV_GPIO_MAX_LINES);
        char *line = g->lines[g->nlines];
        if (!take(s, (size_t)(e - s), line, GPIO_LINE_NAME_MAX))
            FAIL("empty or too long line in '%.*s'", (int)n, end - n);
        for (const char *c = line; *c; c++)
            if (!line_char_ok(*c))
                FAIL("bad character '%c' in line '%s'", *c, line);
        if (strspn(line, "0123456789") == strlen(line)) {
            if (line[0] == '0' && line[1] != '\0')
                FAIL("line offset '%s' has a leading zero", line);
            if (strlen(line) > 10 || strtoull(line, NULL, 10) > UINT32_MAX)
                FAIL("line offset '%s' is out of range", line);
        }
        for (unsigned i = 0; i < g->nlines; i++)
            if (strcmp(g->lines[i], line) == 0)
                FAIL("line '%s' given twice", line);
        g->nlines++;
        if (comma == NULL)
            break;
        s = comma + 1;
    }
    return 0;
}

static int parse_options(const char *s, struct gpio_grant *g, char *err,
                         size_t errlen)
{
    bool dir_seen = false, safe_seen = false;
    while (*s) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        char opt[16];
        if (!take(s, n, opt, sizeof opt))
            FAIL("empty or unknown option '%.*s'", (int)n, s);
        if (strcmp(opt, "in") == 0 || strcmp(opt, "out") == 0 ||
            strcmp(opt, "inout") == 0) {
            if (dir_seen)
                FAIL("more than one direction option");
            dir_seen = true;
            g->perms = opt[0] == 'o'   ? PV_GPIO_PERM_OUT
                       : opt[2] == 'o' ? PV_GPIO_PERM_IN | PV_GPIO_PERM_OUT
                                       : PV_GPIO_PERM_IN;
        } else if (strncmp(opt, "safe=", 5) == 0) {
            if (safe_seen)
                FAIL("more than one safe= option");
            safe_seen = true;
            if (strcmp(opt + 5, "0") == 0)
                g->safe = GPIO_SAFE_LOW;
            else if (strcmp(opt + 5, "1") == 0)
                g->safe = GPIO_SAFE_HIGH;
            else if (strcmp(opt + 5, "z") == 0)
                g->safe = GPIO_SAFE_INPUT;
            else
                FAIL("safe= takes 0, 1 or z, not '%s'", opt + 5);
        } else {
            FAIL("unknown option '%s' (in, out, inout, safe=0|1|z)", opt);
        }
        if (comma == NULL)
            break;
        s = comma + 1;
        if (*s == '\0')
            FAIL("trailing ',' in options");
    }
    return 0;
}

int gpio_grant_parse(const char *spec, struct gpio_grant *g, char *err,
                     size_t errlen)
{
    memset(g, 0, sizeof *g);
    g->perms = PV_GPIO_PERM_IN | PV_GPIO_PERM_OUT;
    g->safe = GPIO_SAFE_LOW;

    const char *eq = strchr(spec, '=');
    if (eq == NULL)
        FAIL("expected NAME=CHIP:LINES[:OPTIONS]");
    if (!take(spec, (size_t)(eq - spec), g->name, sizeof g->name))
        FAIL("device name must be 1..%d letters and digits", PV_MFT_NAME_MAX);
    for (const char *c = g->name; *c; c++)
        if (!is_alnum(*c))
            FAIL("device name must be 1..%d letters and digits",
                 PV_MFT_NAME_MAX);

    const char *chip = eq + 1;
    const char *c1 = strchr(chip, ':');
    if (c1 == NULL)
        FAIL("expected CHIP:LINES after '='");
    if (!take(chip, (size_t)(c1 - chip), g->chip, sizeof g->chip))
        FAIL("empty or too long chip name");
    const char *lines = c1 + 1;
    const char *c2 = strchr(lines, ':');
    size_t nl = c2 ? (size_t)(c2 - lines) : strlen(lines);
    if (nl == 0)
        FAIL("no lines given");
    int rc = parse_lines(lines, nl, g, err, errlen);
    if (rc)
        return rc;
    if (c2) {
        if (c2[1] == '\0')
            FAIL("empty options after ':'");
        return parse_options(c2 + 1, g, err, errlen);
    }
    return 0;
}
