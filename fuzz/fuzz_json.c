/* SPDX-License-Identifier: ISC */
/*
 * fuzz_json.c: libFuzzer target for pinvisor-elftool's JSON reader and
 * gen-manifest (elftool/json.c, elftool/manifest.c). The input's first
 * line stands for the source path, the rest for manifest.json. Whatever
 * the path, the generated C has exactly one comment, on its first line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../elftool/json.h"
#include "../elftool/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (buf == NULL)
        abort();
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *nl = memchr(buf, '\n', size);
    const char *path = "manifest.json", *text = buf;
    if (nl) {
        *nl = '\0';
        path = buf;
        text = nl + 1;
    }
    char err[256];
    struct json *j = json_parse(text, err, sizeof err);
    if (j)
        json_free(j);
    static struct elftool_dev devs[ELFTOOL_MAX_DEVICES];
    size_t n;
    if (elftool_manifest_parse(text, devs, &n, err, sizeof err) == 0) {
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);
        if (f == NULL || elftool_manifest_write(f, path, devs, n) != 0)
            abort();
        fclose(f);
        char *end = strstr(out, "*/");
        char *eol = strchr(out, '\n');
        if (end == NULL || eol == NULL || end + 2 != eol ||
            strstr(end + 2, "/*") || strstr(end + 2, "*/"))
            __builtin_trap(); /* the path escaped its comment */
        free(out);
    }
    free(buf);
    return 0;
}
