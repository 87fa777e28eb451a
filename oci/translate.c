/* SPDX-License-Identifier: ISC */
/*
 * translate.c: a container's spec as a tender command line, the one
 * translation (docs/fleet.md, "From the spec to the tender"). Pure: no
 * I/O; the tender's own checks judge the result.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oci.h"

#define GPIO_PREFIX "org.pinvisor.gpio."
#define BLOCK_PREFIX "org.pinvisor.block."
#define TRACE_KEY "org.pinvisor.gpio-trace"
#define URUNC_PREFIX "com.urunc.unikernel."

const char *oci_trace_dir = "/var/lib/pinvisor-oci/traces";

int oci_argv_add(struct oci_argv *a, const char *fmt, ...)
{
    if (a->n + 2 > a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 16;
        char **v = realloc(a->v, cap * sizeof *v);
        if (v == NULL)
            return -1;
        a->v = v;
        a->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    int rc = vasprintf(&a->v[a->n], fmt, ap);
    va_end(ap);
    if (rc < 0)
        return -1;
    a->v[++a->n] = NULL;
    return 0;
}

void oci_argv_free(struct oci_argv *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
    memset(a, 0, sizeof *a);
}

static const char *annotation(const struct oci_spec *s, const char *key)
{
    for (size_t i = 0; i < s->nann; i++)
        if (strcmp(s->ann[i].key, key) == 0)
            return s->ann[i].value;
    return NULL;
}

/* The granted chip CHIP names (by path, gpiochipN or label), or NULL. */
static const struct oci_chip *find_chip(const char *chip, size_t len,
                                        const struct oci_chip *chips, size_t n)
{
    char name[256];
    if (len >= sizeof name - 5)
        return NULL;
    memcpy(name, chip, len);
    name[len] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *p = chips[i].spec_path;
        if (strcmp(name, p) == 0 ||
            (strncmp(p, "/dev/", 5) == 0 && strcmp(name, p + 5) == 0) ||
            (chips[i].label[0] && strcmp(name, chips[i].label) == 0))
            return &chips[i];
    }
    return NULL;
}

static int gpio_grant(const char *key, const char *value,
                      const struct oci_chip *chips, size_t nchips,
                      struct oci_argv *out, char *err, size_t errlen)
{
    const char *name = key + strlen(GPIO_PREFIX);
    size_t clen = strcspn(value, ":");
    if (clen == 3 && strncmp(value, "sim", 3) == 0)
        return oci_argv_add(out, "--gpio:%s=%s", name, value);
    const struct oci_chip *c = find_chip(value, clen, chips, nchips);
    if (c == NULL) {
        snprintf(err, errlen,
                 "annotation %s: chip '%.*s' is not among the spec's "
                 "linux.devices (give it to the container, e.g. with "
                 "--device)",
                 key, (int)clen, value);
        return -1;
    }
    return oci_argv_add(out, "--gpio:%s=%s%s", name, c->host_path,
                        value + clen);
}

/* A path inside the rootfs: relative to it, no ".." component. */
static bool inside(const char *p)
{
    for (const char *s = p; *s;) {
        size_t n = strcspn(s, "/");
        if (n == 2 && s[0] == '.' && s[1] == '.')
            return false;
        s += n;
        s += *s == '/';
    }
    return true;
}

int oci_trace_path(const struct oci_spec *s, char *buf, size_t size, char *err,
                   size_t errlen)
{
    const char *v = annotation(s, TRACE_KEY);
    if (v == NULL)
        return 0;
    if (*v == '\0' || strchr(v, '/') || strcmp(v, ".") == 0 ||
        strcmp(v, "..") == 0) {
        snprintf(err, errlen,
                 "annotation " TRACE_KEY ": '%s' is not a file name (the "
                 "trace goes under %s)",
                 v, oci_trace_dir);
        return -1;
    }
    if ((size_t)snprintf(buf, size, "%s/%s", oci_trace_dir, v) >= size) {
        snprintf(err, errlen, "annotation " TRACE_KEY ": '%s' is too long", v);
        return -1;
    }
    return 1;
}

static int annotations(const struct oci_spec *s, const struct oci_chip *chips,
                       size_t nchips, oci_in_root_fn *in_root,
                       struct oci_argv *out, char *err, size_t errlen)
{
    for (size_t i = 0; i < s->nann; i++) {
        const char *k = s->ann[i].key, *v = s->ann[i].value;
        int rc = 0;
        if (strncmp(k, GPIO_PREFIX, strlen(GPIO_PREFIX)) == 0) {
            rc = gpio_grant(k, v, chips, nchips, out, err, errlen);
            if (rc)
                return rc;
        } else if (strcmp(k, TRACE_KEY) == 0) {
            char path[4096];
            if (oci_trace_path(s, path, sizeof path, err, errlen) < 0)
                return -1;
            rc = oci_argv_add(out, "--gpio-trace=%s", path);
        } else if (strncmp(k, BLOCK_PREFIX, strlen(BLOCK_PREFIX)) == 0) {
            if (!inside(v)) {
                snprintf(err, errlen,
                         "annotation %s: '%s' leaves the container's root", k,
                         v);
                return -1;
            }
            char path[4096];
            if (in_root(s->root, v + strspn(v, "/"), path, sizeof path, err,
                        errlen))
                return -1;
            rc = oci_argv_add(out, "--block:%s=%s", k + strlen(BLOCK_PREFIX),
                              path);
        } else if (strncmp(k, OCI_NET_PREFIX, strlen(OCI_NET_PREFIX)) == 0) {
            continue; /* net.c's */
        } else if (strncmp(k, "org.pinvisor.", 13) == 0) {
            snprintf(err, errlen, "unknown annotation %s", k);
            return -1;
        }
        if (rc) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    return 0;
}

static int memory(const struct oci_spec *s, struct oci_argv *out, char *err,
                  size_t errlen)
{
    if (!s->has_mem_limit || s->mem_limit == -1) /* -1: no limit */
        return 0;
    if (s->mem_limit < ((int64_t)OCI_MEM_MARGIN_MIB + 1) << 20) {
        snprintf(err, errlen,
                 "linux.resources.memory.limit: %lld bytes is less than "
                 "%d MiB (%d MiB of it are the tender's own)",
                 (long long)s->mem_limit, OCI_MEM_MARGIN_MIB + 1,
                 OCI_MEM_MARGIN_MIB);
        return -1;
    }
    return oci_argv_add(out, "--mem=%lld",
                        (long long)(s->mem_limit >> 20) - OCI_MEM_MARGIN_MIB);
}

int oci_unikernel_path(const struct oci_spec *s, oci_in_root_fn *in_root,
                       char *buf, size_t size, char *err, size_t errlen)
{
    const char *bin = annotation(s, URUNC_PREFIX "binary");
    const char *what = URUNC_PREFIX "binary";
    if (bin == NULL && s->nargs == 0)
        return 0;
    if (bin == NULL) {
        bin = s->args[0];
        what = "process.args[0]";
    }
    if (!inside(bin)) {
        snprintf(err, errlen, "%s: '%s' leaves the container's root", what,
                 bin);
        return -1;
    }
    return in_root(s->root, bin + strspn(bin, "/"), buf, size, err, errlen) ? -1
                                                                            : 1;
}

/* --net: and --net-mac: for the tender. */
static int net_options(const struct oci_net *n, struct oci_argv *out)
{
    if (n == NULL || n->dev[0] == '\0')
        return 0;
    const uint8_t *m = n->mac;
    return oci_argv_add(out, "--net:%s=@%d", n->dev, OCI_TAP_FD) |
           oci_argv_add(out, "--net-mac:%s=%02x:%02x:%02x:%02x:%02x:%02x",
                        n->dev, m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* The address arguments MirageOS unikernels take, as urunc gives them. */
static int net_arguments(const struct oci_net *n, struct oci_argv *out)
{
    int rc = 0;
    if (n == NULL || n->dev[0] == '\0' || n->addr[0] == '\0')
        return 0;
    rc |= oci_argv_add(out, "--ipv4=%s/%u", n->addr, n->prefix);
    if (n->gateway[0])
        rc |= oci_argv_add(out, "--ipv4-gateway=%s", n->gateway);
    return rc;
}

/* The unikernel and its arguments: urunc's annotations, else process.args. */
static int unikernel(const struct oci_spec *s, const struct oci_net *net,
                     oci_in_root_fn *in_root, struct oci_argv *out, char *err,
                     size_t errlen)
{
    const char *hv = annotation(s, URUNC_PREFIX "hypervisor");
    if (hv && strcmp(hv, "hvt") != 0) {
        snprintf(err, errlen,
                 "annotation " URUNC_PREFIX "hypervisor: '%s' (pinvisor "
                 "runs hvt unikernels)",
                 hv);
        return -1;
    }
    char path[4096];
    int rc = net_options(net, out) | oci_argv_add(out, "--");
    int has = oci_unikernel_path(s, in_root, path, sizeof path, err, errlen);
    if (has < 0)
        return -1;
    if (has) {
        rc |= oci_argv_add(out, "%s", path) | net_arguments(net, out);
        if (annotation(s, URUNC_PREFIX "binary")) {
            const char *cmd = annotation(s, URUNC_PREFIX "cmdline");
            if (cmd && *cmd)
                rc |= oci_argv_add(out, "%s", cmd);
        } else {
            for (size_t i = 1; i < s->nargs; i++)
                rc |= oci_argv_add(out, "%s", s->args[i]);
        }
    }
    if (rc)
        snprintf(err, errlen, "out of memory");
    return rc ? -1 : 0;
}

int oci_translate(const struct oci_spec *spec, const struct oci_chip *chips,
                  size_t nchips, const struct oci_net *net,
                  oci_in_root_fn *in_root, struct oci_argv *out, char *err,
                  size_t errlen)
{
    if (memory(spec, out, err, errlen) ||
        annotations(spec, chips, nchips, in_root, out, err, errlen))
        return -1;
    return unikernel(spec, net, in_root, out, err, errlen);
}
