/* SPDX-License-Identifier: ISC */
/*
 * json.h: a small JSON reader for manifest.json (RFC 8259, except that
 * \u escapes must be ASCII, \u0001-\u007f, and nesting stops at 32
 * levels). Parses a whole text into a tree.
 */
#ifndef ELFTOOL_JSON_H
#define ELFTOOL_JSON_H

#include <stddef.h>

enum json_type {
    JSON_NULL,
    JSON_BOOL,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
};

struct json {
    enum json_type type;
    double number;       /* JSON_NUMBER */
    int boolean;         /* JSON_BOOL */
    char *string;        /* JSON_STRING */
    size_t n;            /* JSON_ARRAY / JSON_OBJECT element count */
    struct json **items; /* elements; for objects the values */
    char **keys;         /* JSON_OBJECT keys */
};

/*
 * Parses `text`. Returns the tree (free with json_free), or NULL with a
 * one-line reason including line and column in err.
 */
struct json *json_parse(const char *text, char *err, size_t errlen);
void json_free(struct json *j);
/* The member `key` of an object, or NULL. */
const struct json *json_get(const struct json *obj, const char *key);

#endif
