/* SPDX-License-Identifier: ISC */
/*
 * cgroup.c: places the tender in the spec's linux.cgroupsPath on a
 * cgroup v2 host with cgroupfs paths (docs/fleet.md). systemd paths
 * ("slice:prefix:name") and cgroup v1 are left alone.
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

bool oci_cgroup_dir(const char *spec_path, char *dir, size_t size)
{
    if (spec_path == NULL || spec_path[0] != '/' || strchr(spec_path, ':') ||
        strstr(spec_path, "..") ||
        access(CGROUP_ROOT "/cgroup.controllers", F_OK) != 0)
        return false;
    snprintf(dir, size, CGROUP_ROOT "%s", spec_path);
    return true;
}

int oci_cgroup_join(const char *dir, pid_t pid)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + strlen(CGROUP_ROOT) + 1;; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST)
            return -1;
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

void oci_cgroup_remove(const char *dir)
{
    if (dir && dir[0])
        rmdir(dir);
}
