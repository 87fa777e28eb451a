/* SPDX-License-Identifier: ISC */
/*
 * test_oci_spec.c: oci_spec_load (oci/spec.c) on hostile config.json
 * files: wrong types, nulls, huge arrays; each refused with one line or
 * loaded, never a crash.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../oci/oci.h"

static char bundle[64];

/*
 * What the last load allocated, freed by the next one; the last test's
 * stays reachable from here (LeakSanitizer reports only lost blocks).
 */
static struct oci_spec kept;

/* Writes TEXT as the bundle's config.json; returns oci_spec_load's. */
static int load(const char *text, struct oci_spec *s, char *err, size_t n)
{
    char path[256];
    strcpy(bundle, "/tmp/test_oci_spec.XXXXXX");
    cr_assert_not_null(mkdtemp(bundle));
    snprintf(path, sizeof path, "%s/config.json", bundle);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    oci_spec_free(&kept);
    int rc = oci_spec_load(bundle, s, err, n);
    kept = *s;
    unlink(path);
    rmdir(bundle);
    return rc;
}

static void refused(const char *devices, size_t index)
{
    char text[1024], err[512], want[512];
    struct oci_spec s;
    snprintf(text, sizeof text,
             "{\"root\": {\"path\": \"/r\"}, \"linux\": {\"devices\": %s}}",
             devices);
    cr_assert_eq(load(text, &s, err, sizeof err), -1, "%s", devices);
    snprintf(want, sizeof want,
             "%s/config.json: linux.devices[%zu]: not an object with a "
             "string path and, if given, a one-letter type and numbers "
             "major and minor",
             bundle, index);
    cr_assert_str_eq(err, want);
}

Test(oci_spec, device_entries_of_the_wrong_shape_are_refused)
{
    refused("[{\"path\": \"/a\"}, {\"path\": \"/b\", \"type\": 99}]", 1);
    refused("[{\"path\": \"/a\", \"type\": \"\"}]", 0);
    refused("[{\"path\": \"/a\", \"type\": \"cc\"}]", 0);
    refused("[{\"path\": \"/a\", \"major\": \"1\"}]", 0);
    refused("[{\"path\": \"/a\", \"minor\": [1]}]", 0);
    refused("[{\"path\": null}]", 0);
    refused("[{\"type\": \"c\"}]", 0);
    refused("[null]", 0);
    refused("[\"/dev/gpiochip0\"]", 0);
    refused("[[]]", 0);
}

Test(oci_spec, device_entries_with_nulls_for_optional_members_load)
{
    char err[512];
    struct oci_spec s;
    cr_assert_eq(load("{\"root\": {\"path\": \"/r\"}, \"linux\": {\"devices\": "
                      "[{\"path\": \"/dev/gpiochip0\", \"major\": null, "
                      "\"minor\": 7, \"type\": null}]}}",
                      &s, err, sizeof err),
                 0, "%s", err);
    cr_assert_eq(s.ndevs, 1);
    cr_assert_str_eq(s.devs[0].path, "/dev/gpiochip0");
    cr_assert_eq(s.devs[0].type, 'c');
    cr_assert_eq(s.devs[0].major, -1);
    cr_assert_eq(s.devs[0].minor, 7);
}

Test(oci_spec, wrong_types_elsewhere_are_one_line)
{
    char err[512], want[512];
    struct oci_spec s;
    cr_assert_eq(load("{\"root\": {\"path\": 5}}", &s, err, sizeof err), -1);
    snprintf(want, sizeof want,
             "%s/config.json: a field has the wrong JSON type", bundle);
    cr_assert_str_eq(err, want);
    cr_assert_eq(load("{\"root\": {\"path\": \"/r\"}, \"process\": {\"args\": "
                      "[\"/a.hvt\", null]}}",
                      &s, err, sizeof err),
                 -1);
    snprintf(want, sizeof want,
             "%s/config.json: process.args[1] is not a string", bundle);
    cr_assert_str_eq(err, want);
    cr_assert_eq(load("{\"root\": {\"path\": \"/r\"}, \"annotations\": "
                      "{\"a\": null}}",
                      &s, err, sizeof err),
                 -1);
    snprintf(want, sizeof want, "%s/config.json: annotation a is not a string",
             bundle);
    cr_assert_str_eq(err, want);
    cr_assert_eq(load("{\"root\": {\"path\": \"/r\"}, \"linux\": "
                      "{\"namespaces\": [null]}}",
                      &s, err, sizeof err),
                 -1);
    cr_assert_eq(load("[]", &s, err, sizeof err), -1);
}

Test(oci_spec, huge_arrays_load)
{
    enum { N = 20000 };
    size_t cap = 64 + N * 48;
    char *text = malloc(cap), err[512];
    cr_assert_not_null(text);
    size_t at = (size_t)snprintf(text, cap,
                                 "{\"root\": {\"path\": \"/r\"}, "
                                 "\"process\": {\"args\": [");
    for (int i = 0; i < N; i++)
        at +=
            (size_t)snprintf(text + at, cap - at, "%s\"a%d\"", i ? "," : "", i);
    at +=
        (size_t)snprintf(text + at, cap - at, "]}, \"linux\": {\"devices\": [");
    for (int i = 0; i < N; i++)
        at += (size_t)snprintf(text + at, cap - at, "%s{\"path\": \"/d%d\"}",
                               i ? "," : "", i);
    snprintf(text + at, cap - at, "]}}");
    struct oci_spec s;
    cr_assert_eq(load(text, &s, err, sizeof err), 0, "%s", err);
    cr_assert_eq(s.nargs, N);
    cr_assert_eq(s.ndevs, N);
    cr_assert_str_eq(s.devs[N - 1].path, "/d19999");
    free(text);
}
