/* SPDX-License-Identifier: ISC */
/*
 * json.c: recursive-descent JSON parser for elftool (see json.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define MAX_DEPTH 32

struct parser {
    const char *s, *start;
    char *err;
    size_t errlen;
    int failed;
};

static void fail(struct parser *p, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = 1;
    int line = 1, col = 1;
    for (const char *c = p->start; c < p->s; c++) {
        if (*c == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    int n = snprintf(p->err, p->errlen, "line %d, column %d: ", line, col);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < p->errlen)
        vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
    va_end(ap);
}

static void skip_ws(struct parser *p)
{
    while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
        p->s++;
}

static struct json *new_node(enum json_type t)
{
    struct json *j = calloc(1, sizeof *j);
    if (j == NULL) {
        fprintf(stderr, "pinvisor-elftool: out of memory\n");
        exit(1);
    }
    j->type = t;
    return j;
}

static void *xrealloc(void *ptr, size_t size)
{
    void *q = realloc(ptr, size);
    if (q == NULL) {
        fprintf(stderr, "pinvisor-elftool: out of memory\n");
        exit(1);
    }
    return q;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* One escape after the backslash at p->s; -1 after reporting an error. */
static int parse_escape(struct parser *p)
{
    static const char map[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
    char e = *p->s;
    if (e == 'u') {
        int v = 0;
        for (int i = 1; i <= 4; i++) {
            int h = hex_digit(p->s[i]);
            if (h < 0) {
                fail(p, "bad \\u escape");
                return -1;
            }
            v = v * 16 + h;
        }
        if (v == 0 || v > 0x7f) {
            fail(p, "only ASCII \\u escapes (\\u0001-\\u007f) are supported");
            return -1;
        }
        p->s += 5;
        return v;
    }
    for (size_t i = 0; e && i + 1 < sizeof map; i += 2) {
        if (map[i] == e) {
            p->s++;
            return (unsigned char)map[i + 1];
        }
    }
    fail(p, "unsupported escape in string");
    return -1;
}

static char *parse_string(struct parser *p)
{
    p->s++; /* opening quote */
    size_t cap = 16, len = 0;
    char *out = xrealloc(NULL, cap);
    for (;;) {
        char c = *p->s;
        if (c == '"') {
            p->s++;
            break;
        }
        if (c == '\0' || (unsigned char)c < 0x20) {
            fail(p, "unterminated string");
            free(out);
            return NULL;
        }
        p->s++;
        if (c == '\\') {
            int v = parse_escape(p);
            if (v < 0) {
                free(out);
                return NULL;
            }
            c = (char)v;
        }
        if (len + 2 > cap)
            out = xrealloc(out, cap *= 2);
        out[len++] = c;
    }
    out[len] = '\0';
    return out;
}

/* Checks the RFC 8259 number grammar at p->s; returns its length or 0. */
static size_t number_length(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (*p >= '0' && *p <= '9')
            p++;
    else
        return 0;
    if (*p == '.') {
        if (p[1] < '0' || p[1] > '9')
            return 0;
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (*p < '0' || *p > '9')
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return (size_t)(p - s);
}

static struct json *parse_value(struct parser *p, int depth);

static struct json *parse_container(struct parser *p, int depth, int obj)
{
    struct json *j = new_node(obj ? JSON_OBJECT : JSON_ARRAY);
    p->s++;
    skip_ws(p);
    char close = obj ? '}' : ']';
    if (*p->s == close) {
        p->s++;
        return j;
    }
    for (;;) {
        skip_ws(p);
        char *key = NULL;
        if (obj) {
            if (*p->s != '"') {
                fail(p, "expected a member name");
                break;
            }
            if ((key = parse_string(p)) == NULL)
                break;
            skip_ws(p);
            if (*p->s != ':') {
                fail(p, "expected ':'");
                free(key);
                break;
            }
            p->s++;
        }
        struct json *v = parse_value(p, depth + 1);
        if (v == NULL) {
            free(key);
            break;
        }
        j->items = xrealloc(j->items, (j->n + 1) * sizeof *j->items);
        j->items[j->n] = v;
        if (obj) {
            j->keys = xrealloc(j->keys, (j->n + 1) * sizeof *j->keys);
            j->keys[j->n] = key;
        }
        j->n++;
        skip_ws(p);
        if (*p->s == ',') {
            p->s++;
            continue;
        }
        if (*p->s == close) {
            p->s++;
            return j;
        }
        fail(p, "expected ',' or '%c'", close);
        break;
    }
    json_free(j);
    return NULL;
}

static struct json *parse_value(struct parser *p, int depth)
{
    if (depth > MAX_DEPTH) {
        fail(p, "nested too deeply");
        return NULL;
    }
    skip_ws(p);
    char c = *p->s;
    if (c == '{' || c == '[')
        return parse_container(p, depth, c == '{');
    if (c == '"') {
        char *s = parse_string(p);
        if (s == NULL)
            return NULL;
        struct json *j = new_node(JSON_STRING);
        j->string = s;
        return j;
    }
    static const struct {
        const char *word;
        enum json_type t;
        int b;
    } words[] = {{"true", JSON_BOOL, 1},
                 {"false", JSON_BOOL, 0},
                 {"null", JSON_NULL, 0}};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(words[i].word);
        if (strncmp(p->s, words[i].word, n) == 0) {
            p->s += n;
            struct json *j = new_node(words[i].t);
            j->boolean = words[i].b;
            return j;
        }
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        size_t n = number_length(p->s);
        if (n == 0) {
            fail(p, "malformed number");
            return NULL;
        }
        struct json *j = new_node(JSON_NUMBER);
        j->number = strtod(p->s, NULL);
        p->s += n;
        return j;
    }
    fail(p, c ? "unexpected character '%c'" : "unexpected end of input%c",
         c ? c : ' ');
    return NULL;
}

struct json *json_parse(const char *text, char *err, size_t errlen)
{
    struct parser p = {text, text, err, errlen, 0};
    struct json *j = parse_value(&p, 0);
    if (j) {
        skip_ws(&p);
        if (*p.s != '\0') {
            fail(&p, "trailing characters after the JSON value");
            json_free(j);
            return NULL;
        }
    }
    return j;
}

void json_free(struct json *j)
{
    if (j == NULL)
        return;
    for (size_t i = 0; i < j->n; i++) {
        json_free(j->items[i]);
        if (j->keys)
            free(j->keys[i]);
    }
    free(j->items);
    free(j->keys);
    free(j->string);
    free(j);
}

const struct json *json_get(const struct json *obj, const char *key)
{
    if (obj->type != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return obj->items[i];
    return NULL;
}
