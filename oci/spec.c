/* SPDX-License-Identifier: ISC */
/*
 * spec.c: reads what pinvisor-oci uses of a bundle's config.json (json-c).
 * Fields of the wrong JSON type are a bad spec; fields the runtime does
 * not use are ignored.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "oci.h"

/* obj.a.b... of type want, or NULL if a member is missing. */
static json_object *member(json_object *o, const char *const *names,
                           json_type want, bool *bad)
{
    for (; *names && o; names++)
        if (!json_object_is_type(o, json_type_object) ||
            !json_object_object_get_ex(o, *names, &o))
            return NULL;
    if (o && !json_object_is_type(o, want) &&
        !json_object_is_type(o, json_type_null)) {
        *bad = true;
        return NULL;
    }
    return json_object_is_type(o, json_type_null) ? NULL : o;
}

/* A member of o: absent, JSON null, or of type want; else false. */
static bool optional(json_object *o, const char *name, json_type want,
                     json_object **v)
{
    *v = NULL;
    if (!json_object_object_get_ex(o, name, v) || *v == NULL)
        return true;
    return json_object_is_type(*v, want);
}

/*
 * linux.devices: each an object with a string path, and a type (a
 * one-letter string), major and minor (numbers) if given. Returns 0, or
 * -1 with the bad entry's index in *bad.
 */
static int load_devices(json_object *devs, struct oci_spec *s, size_t *bad)
{
    size_t n = json_object_array_length(devs);
    s->devs = calloc(n ? n : 1, sizeof *s->devs);
    if (s->devs == NULL)
        return *bad = 0, -1;
    for (size_t i = 0; i < n; i++) {
        json_object *d = json_object_array_get_idx(devs, i), *p, *t, *ma, *mi;
        struct oci_device *o = &s->devs[s->ndevs];
        *bad = i;
        if (!json_object_is_type(d, json_type_object) ||
            !json_object_object_get_ex(d, "path", &p) ||
            !json_object_is_type(p, json_type_string) ||
            !optional(d, "type", json_type_string, &t) ||
            (t && strlen(json_object_get_string(t)) != 1) ||
            !optional(d, "major", json_type_int, &ma) ||
            !optional(d, "minor", json_type_int, &mi))
            return -1;
        o->path = strdup(json_object_get_string(p));
        if (o->path == NULL)
            return -1;
        o->type = t ? json_object_get_string(t)[0] : 'c';
        o->major = ma ? json_object_get_int64(ma) : -1;
        o->minor = mi ? json_object_get_int64(mi) : -1;
        s->ndevs++;
    }
    return 0;
}

/* linux.namespaces: the path of the network entry, if it has one. */
static int load_netns(json_object *nss, struct oci_spec *s)
{
    size_t n = json_object_array_length(nss);
    for (size_t i = 0; i < n; i++) {
        json_object *ns = json_object_array_get_idx(nss, i), *t, *p;
        if (!json_object_object_get_ex(ns, "type", &t) ||
            !json_object_is_type(t, json_type_string))
            return -1;
        if (strcmp(json_object_get_string(t), "network") == 0 &&
            json_object_object_get_ex(ns, "path", &p) &&
            json_object_is_type(p, json_type_string) &&
            json_object_get_string(p)[0])
            s->netns = strdup(json_object_get_string(p));
    }
    return 0;
}

int oci_spec_load(const char *bundle, struct oci_spec *s, char *err,
                  size_t errlen)
{
    char path[PATH_MAX];
    memset(s, 0, sizeof *s);
    snprintf(path, sizeof path, "%s/config.json", bundle);
    json_object *cfg = json_object_from_file(path);
    if (cfg == NULL) {
        snprintf(err, errlen, "%s: cannot read or parse: %s", path,
                 json_util_get_last_err());
        err[strcspn(err, "\n")] = '\0';
        return -1;
    }
    bool bad = false;
    const char *root_p[] = {"root", "path", NULL};
    const char *args_p[] = {"process", "args", NULL};
    const char *term_p[] = {"process", "terminal", NULL};
    const char *mem_p[] = {"linux", "resources", "memory", "limit", NULL};
    const char *ann_p[] = {"annotations", NULL};
    const char *dev_p[] = {"linux", "devices", NULL};
    const char *cg_p[] = {"linux", "cgroupsPath", NULL};
    const char *ns_p[] = {"linux", "namespaces", NULL};
    const char *quota_p[] = {"linux", "resources", "cpu", "quota", NULL};
    const char *period_p[] = {"linux", "resources", "cpu", "period", NULL};
    const char *shares_p[] = {"linux", "resources", "cpu", "shares", NULL};
    const char *pids_p[] = {"linux", "resources", "pids", "limit", NULL};
    json_object *root = member(cfg, root_p, json_type_string, &bad);
    json_object *args = member(cfg, args_p, json_type_array, &bad);
    json_object *term = member(cfg, term_p, json_type_boolean, &bad);
    json_object *mem = member(cfg, mem_p, json_type_int, &bad);
    json_object *ann = member(cfg, ann_p, json_type_object, &bad);
    json_object *devs = member(cfg, dev_p, json_type_array, &bad);
    json_object *cg = member(cfg, cg_p, json_type_string, &bad);
    json_object *nss = member(cfg, ns_p, json_type_array, &bad);
    json_object *quota = member(cfg, quota_p, json_type_int, &bad);
    json_object *period = member(cfg, period_p, json_type_int, &bad);
    json_object *shares = member(cfg, shares_p, json_type_int, &bad);
    json_object *pids = member(cfg, pids_p, json_type_int, &bad);
    if (bad) {
        snprintf(err, errlen, "%s: a field has the wrong JSON type", path);
        goto fail;
    }
    if (root == NULL) {
        snprintf(err, errlen, "%s: no root.path", path);
        goto fail;
    }
    const char *r = json_object_get_string(root);
    if (r[0] == '/')
        s->root = strdup(r);
    else if (asprintf(&s->root, "%s/%s", bundle, r) < 0)
        s->root = NULL;
    size_t n = args ? json_object_array_length(args) : 0;
    s->args = calloc(n + 1, sizeof *s->args);
    for (size_t i = 0; i < n; i++) {
        json_object *a = json_object_array_get_idx(args, i);
        if (!json_object_is_type(a, json_type_string)) {
            snprintf(err, errlen, "%s: process.args[%zu] is not a string", path,
                     i);
            goto fail;
        }
        s->args[s->nargs++] = strdup(json_object_get_string(a));
    }
    s->terminal = term && json_object_get_boolean(term);
    if (cg)
        s->cgroups_path = strdup(json_object_get_string(cg));
    s->cpu_quota = quota ? json_object_get_int64(quota) : 0;
    s->cpu_period = period ? json_object_get_int64(period) : 0;
    s->cpu_shares = shares ? json_object_get_int64(shares) : 0;
    s->pids_limit = pids ? json_object_get_int64(pids) : 0;
    if (mem) {
        s->has_mem_limit = true;
        s->mem_limit = json_object_get_int64(mem);
    }
    if (ann) {
        s->ann =
            calloc((size_t)json_object_object_length(ann) + 1, sizeof *s->ann);
        json_object_object_foreach(ann, k, v)
        {
            if (!json_object_is_type(v, json_type_string)) {
                snprintf(err, errlen, "%s: annotation %s is not a string", path,
                         k);
                goto fail;
            }
            s->ann[s->nann].key = strdup(k);
            s->ann[s->nann++].value = strdup(json_object_get_string(v));
        }
    }
    size_t baddev;
    if (devs && load_devices(devs, s, &baddev)) {
        snprintf(err, errlen,
                 "%s: linux.devices[%zu]: not an object with a string path "
                 "and, if given, a one-letter type and numbers major and "
                 "minor",
                 path, baddev);
        goto fail;
    }
    if (nss && load_netns(nss, s)) {
        snprintf(err, errlen, "%s: linux.namespaces: an entry has no type",
                 path);
        goto fail;
    }
    json_object_put(cfg);
    return 0;
fail:
    json_object_put(cfg);
    return -1;
}

void oci_spec_free(struct oci_spec *s)
{
    free(s->root);
    for (size_t i = 0; s->args && i < s->nargs; i++)
        free(s->args[i]);
    free(s->args);
    for (size_t i = 0; s->ann && i < s->nann; i++) {
        free(s->ann[i].key);
        free(s->ann[i].value);
    }
    free(s->ann);
    for (size_t i = 0; s->devs && i < s->ndevs; i++)
        free(s->devs[i].path);
    free(s->devs);
    free(s->cgroups_path);
    free(s->netns);
    memset(s, 0, sizeof *s);
}
