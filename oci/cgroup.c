/* SPDX-License-Identifier: ISC */
/*
 * cgroup.c: places the tender in the spec's linux.cgroupsPath on a
 * cgroup v2 host (docs/fleet.md): a cgroupfs path as it is, a systemd
 * path ("slice:prefix:name") as the folder systemd gives that scope.
 * cgroup v1 is left alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oci.h"

#define CGROUP_ROOT "/sys/fs/cgroup"

/*
 * Appends slice's folders to dir: "a-b.slice" is "/a.slice/a-b.slice",
 * as systemd nests slices; "" and "-.slice" are the root. False if it is
 * no slice name.
 */
static bool slice_path(const char *slice, size_t len, char *dir, size_t size)
{
    const size_t suffix = strlen(".slice");
    if (len == 0 || (len == 7 && strncmp(slice, "-.slice", 7) == 0))
        return true;
    if (len <= suffix || strncmp(slice + len - suffix, ".slice", suffix) ||
        memchr(slice, '/', len) || slice[0] == '-')
        return false;
    for (size_t i = 0; i + suffix <= len; i++)
        if (i + suffix == len || slice[i] == '-') {
            size_t n = strlen(dir);
            if (slice[i] == '-' && slice[i + 1] == '-')
                return false;
            snprintf(dir + n, size - n, "/%.*s.slice", (int)i, slice);
        }
    return true;
}

int oci_cgroup_path(const char *spec_path, char *dir, size_t size)
{
    if (spec_path == NULL || spec_path[0] == '\0')
        return 0;
    if (strstr(spec_path, ".."))
        return -1;
    const char *c1 = strchr(spec_path, ':');
    if (c1 == NULL) {
        if (spec_path[0] != '/')
            return -1;
        snprintf(dir, size, CGROUP_ROOT "%s", spec_path);
        return 1;
    }
    /* slice:prefix:name, the unit prefix-name.scope in the slice. */
    const char *c2 = strchr(c1 + 1, ':');
    snprintf(dir, size, CGROUP_ROOT);
    if (c2 == NULL || strchr(c2 + 1, ':') || strchr(c2 + 1, '/') ||
        c2[1] == '\0' || memchr(c1 + 1, '/', (size_t)(c2 - c1 - 1)) ||
        !slice_path(spec_path, (size_t)(c1 - spec_path), dir, size))
        return -1;
    size_t n = strlen(dir);
    if (c2 == c1 + 1)
        snprintf(dir + n, size - n, "/%s.scope", c2 + 1);
    else
        snprintf(dir + n, size - n, "/%.*s-%s.scope", (int)(c2 - c1 - 1),
                 c1 + 1, c2 + 1);
    return 1;
}

bool oci_cgroup_dir(const char *spec_path, char *dir, size_t size)
{
    return access(CGROUP_ROOT "/cgroup.controllers", F_OK) == 0 &&
           oci_cgroup_path(spec_path, dir, size) == 1;
}

int oci_cgroup_join(const char *dir, pid_t pid, char *made, size_t size)
{
    char p[PATH_MAX];
    made[0] = '\0';
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + strlen(CGROUP_ROOT) + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0755) == 0) {
            if (made[0] == '\0')
                snprintf(made, size, "%s", p);
        } else if (errno != EEXIST) {
            return -1;
        }
        if (c == '\0')
            break;
        *s = c;
    }
    snprintf(p, sizeof p, "%s/cgroup.procs", dir);
    int fd = open(p, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char num[32];
    int n = snprintf(num, sizeof num, "%d", (int)pid);
    int rc = write(fd, num, (size_t)n) == n ? 0 : -1;
    close(fd);
    return rc;
}

/* Writes value into dir/file; 0 or -1 (errno). */
static int put(const char *dir, const char *file, const char *value)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/%s", dir, file);
    int fd = open(p, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, value, strlen(value));
    int e = errno;
    close(fd);
    errno = e;
    return n == (ssize_t)strlen(value) ? 0 : -1;
}

long long oci_cgroup_weight(int64_t shares)
{
    /* runc's and crun's conversion, on shares clamped to 2..262144. */
    long long c = shares < 2 ? 2 : shares > 262144 ? 262144 : shares;
    return 1 + ((c - 2) * 9999) / 262142;
}

int oci_cgroup_limits(const char *dir, const struct oci_spec *s, char *err,
                      size_t errlen)
{
    char v[64], p[PATH_MAX];
    /* The controllers, enabled from the root down to dir's parent. */
    snprintf(p, sizeof p, "%s", dir);
    for (char *c = p + strlen(CGROUP_ROOT); c && *c; c = strchr(c + 1, '/')) {
        char keep = *c;
        *c = '\0';
        put(p, "cgroup.subtree_control", "+memory");
        put(p, "cgroup.subtree_control", "+cpu");
        put(p, "cgroup.subtree_control", "+pids");
        *c = keep;
    }
    const char *file = NULL;
    if (s->has_mem_limit && s->mem_limit != -1) {
        snprintf(v, sizeof v, "%lld", (long long)s->mem_limit);
        if (put(dir, file = "memory.max", v))
            goto fail;
    }
    if (s->cpu_quota > 0) {
        snprintf(v, sizeof v, "%lld %lld", (long long)s->cpu_quota,
                 (long long)(s->cpu_period > 0 ? s->cpu_period : 100000));
        if (put(dir, file = "cpu.max", v))
            goto fail;
    }
    if (s->cpu_shares > 0) {
        snprintf(v, sizeof v, "%lld", oci_cgroup_weight(s->cpu_shares));
        if (put(dir, file = "cpu.weight", v))
            goto fail;
    }
    if (s->pids_limit != 0) {
        if (s->pids_limit > 0)
            snprintf(v, sizeof v, "%lld", (long long)s->pids_limit);
        else
            snprintf(v, sizeof v, "max");
        if (put(dir, file = "pids.max", v))
            goto fail;
    }
    return 0;
fail:
    snprintf(err, errlen, "cgroup %s: cannot write %s '%s': %s", dir, file, v,
             strerror(errno));
    return -1;
}

void oci_cgroup_remove(const char *dir, const char *made)
{
    if (dir == NULL || dir[0] == '\0')
        return;
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s", dir);
    size_t top = made ? strlen(made) : 0;
    /* Only made or a folder below it, never one above. */
    bool below =
        top && strncmp(p, made, top) == 0 && (p[top] == '\0' || p[top] == '/');
    while (rmdir(p) == 0 && below && strlen(p) > top) {
        char *slash = strrchr(p, '/');
        if (slash == NULL)
            break;
        *slash = '\0';
    }
}
