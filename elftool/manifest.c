/* SPDX-License-Identifier: ISC */
/*
 * manifest.c: checks a manifest.json (Solo5's format plus the GPIO_BASIC,
 * I2C_BASIC and UART_BASIC types, docs/abi.md) and writes the C source of its
 * MFT1 note. Nothing here exits: errors come back with a reason.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "json.h"
#include "manifest.h"

static const struct {
    const char *name;
    const char *macro;
} types[] = {
    {"BLOCK_BASIC", "PV_MFT_DEV_BLOCK_BASIC"},
    {"NET_BASIC", "PV_MFT_DEV_NET_BASIC"},
    {"GPIO_BASIC", "PV_MFT_DEV_GPIO_BASIC"},
    {"I2C_BASIC", "PV_MFT_DEV_I2C_BASIC"},
    {"UART_BASIC", "PV_MFT_DEV_UART_BASIC"},
};

static const char *type_macro(const char *name)
{
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(types[i].name, name) == 0)
            return types[i].macro;
    return NULL;
}

static bool name_valid(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > PV_MFT_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -EINVAL;
}

/* The object's members are all among keys; else the first that is not. */
static const char *unknown_key(const struct json *o, const char *const *keys,
                               size_t nkeys)
{
    for (size_t i = 0; i < o->n; i++) {
        size_t k = 0;
        while (k < nkeys && strcmp(o->keys[i], keys[k]) != 0)
            k++;
        if (k == nkeys)
            return o->keys[i];
    }
    return NULL;
}

static int check_devices(const struct json *d, struct elftool_dev *devs,
                         size_t *n, char *err, size_t errlen)
{
    static const char *const dev_keys[] = {"name", "type"};
    if (d->n > ELFTOOL_MAX_DEVICES)
        return fail(err, errlen, "%zu devices declared, maximum %d", d->n,
                    ELFTOOL_MAX_DEVICES);
    for (size_t i = 0; i < d->n; i++) {
        const struct json *e = d->items[i];
        if (e->type != JSON_OBJECT)
            return fail(err, errlen, "device %zu: must be an object", i);
        const char *bad = unknown_key(e, dev_keys, 2);
        if (bad)
            return fail(err, errlen, "device %zu: unknown member \"%s\"", i,
                        bad);
        const struct json *nm = json_get(e, "name");
        const struct json *ty = json_get(e, "type");
        if (nm == NULL || nm->type != JSON_STRING || !name_valid(nm->string))
            return fail(err, errlen,
                        "device %zu: \"name\" must be 1..%d letters and "
                        "digits",
                        i, PV_MFT_NAME_MAX);
        const char *macro =
            ty && ty->type == JSON_STRING ? type_macro(ty->string) : NULL;
        if (macro == NULL)
            return fail(err, errlen,
                        "device %zu: \"type\" must be BLOCK_BASIC, "
                        "NET_BASIC, GPIO_BASIC, I2C_BASIC or UART_BASIC",
                        i);
        for (size_t j = 0; j < i; j++)
            if (strcmp(devs[j].name, nm->string) == 0)
                return fail(err, errlen, "device name \"%s\" used twice",
                            nm->string);
        memcpy(devs[i].name, nm->string, strlen(nm->string) + 1);
        devs[i].macro = macro;
    }
    *n = d->n;
    return 0;
}

int elftool_manifest_parse(const char *text, struct elftool_dev *devs,
                           size_t *n, char *err, size_t errlen)
{
    static const char *const root_keys[] = {"type", "version", "devices"};
    struct json *root = json_parse(text, err, errlen);
    if (root == NULL)
        return -EINVAL;
    int rc;
    const char *bad;
    const struct json *t = json_get(root, "type");
    const struct json *v = json_get(root, "version");
    const struct json *d = json_get(root, "devices");
    if (root->type != JSON_OBJECT)
        rc = fail(err, errlen, "the manifest must be a JSON object");
    else if ((bad = unknown_key(root, root_keys, 3)) != NULL)
        rc = fail(err, errlen, "unknown member \"%s\"", bad);
    else if (t == NULL || t->type != JSON_STRING ||
             strcmp(t->string, "solo5.manifest") != 0)
        rc = fail(err, errlen, "\"type\" must be \"solo5.manifest\"");
    else if (v == NULL || v->type != JSON_NUMBER || v->number != PV_MFT_VERSION)
        rc = fail(err, errlen, "\"version\" must be %d", PV_MFT_VERSION);
    else if (d == NULL || d->type != JSON_ARRAY)
        rc = fail(err, errlen, "\"devices\" must be an array");
    else
        rc = check_devices(d, devs, n, err, errlen);
    json_free(root);
    return rc;
}

static void put_comment_safe(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || strchr("._/+-", c))
            fputc(c, f);
        else
            fprintf(f, "\\x%02x", c);
    }
}

int elftool_manifest_write(FILE *f, const char *source,
                           const struct elftool_dev *devs, size_t n)
{
    fprintf(f, "/* Generated by pinvisor-elftool gen-manifest from ");
    put_comment_safe(f, source);
    fprintf(f,
            ". */\n"
            "#include <stdint.h>\n#include \"pinvisor_abi.h\"\n\n"
            "#define MFT_ENTRIES %zu\n\n"
            "struct mft1_note {\n"
            "    uint32_t namesz, descsz, type;\n"
            "    char name[8];\n"
            "    uint32_t pad;\n"
            "    uint32_t version, entries;\n"
            "    struct pv_mft_entry e[MFT_ENTRIES];\n};\n\n"
            "__attribute__((section(\".note.solo5.manifest\"), aligned(8), "
            "used))\n"
            "static const struct mft1_note mft1 = {\n"
            "    .namesz = sizeof PV_NOTE_SOLO5_NAME,\n"
            "    .descsz = 4 + 8 + sizeof(struct pv_mft_entry) * "
            "MFT_ENTRIES,\n"
            "    .type = PV_NOTE_MFT1,\n"
            "    .name = PV_NOTE_SOLO5_NAME,\n"
            "    .version = PV_MFT_VERSION,\n"
            "    .entries = MFT_ENTRIES,\n"
            "    .e = {\n"
            "        {.name = \"\", .type = PV_MFT_RESERVED_FIRST},\n",
            n + 1);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "        {.name = \"%s\", .type = %s},\n", devs[i].name,
                devs[i].macro);
    fprintf(f, "    },\n};\n");
    return ferror(f) ? -EIO : 0;
}
