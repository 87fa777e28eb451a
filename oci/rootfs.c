/* SPDX-License-Identifier: ISC */
/*
 * rootfs.c: files of the container's rootfs, resolved inside it
 * (docs/fleet.md, "From the spec to the tender").
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "oci.h"

/* Inherited descriptors start here: above stdio and OCI_TAP_FD. */
#define FIRST_FD 10

int oci_rootfs_open(const char *root, const char *rel, char *path, size_t size,
                    char *err, size_t errlen)
{
    struct open_how how = {
        .flags = O_PATH,
        .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
    };
    int dir = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) {
        snprintf(err, errlen, "cannot open the rootfs %s: %s", root,
                 strerror(errno));
        return -1;
    }
    int fd = (int)syscall(SYS_openat2, dir, rel, &how, sizeof how);
    int e = errno;
    close(dir);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open %s in the rootfs %s: %s", rel, root,
                 strerror(e));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        snprintf(err, errlen, "%s in the rootfs %s: not a regular file", rel,
                 root);
        return -1;
    }
    int high = fcntl(fd, F_DUPFD, FIRST_FD);
    close(fd);
    if (high < 0) {
        snprintf(err, errlen, "%s: %s", rel, strerror(errno));
        return -1;
    }
    snprintf(path, size, "/proc/self/fd/%d", high);
    return 0;
}
