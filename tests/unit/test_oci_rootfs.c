/* SPDX-License-Identifier: ISC */
/*
 * test_oci_rootfs.c: oci_rootfs_open (oci/rootfs.c): a rootfs file is
 * resolved inside the rootfs, links included, and only a regular file
 * is given to the tender.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../oci/oci.h"

static char root[64];

static void make_rootfs(void)
{
    strcpy(root, "/tmp/test_oci_rootfs.XXXXXX");
    cr_assert_not_null(mkdtemp(root));
    cr_assert_eq(chdir(root), 0);
    int fd = open("a.hvt", O_WRONLY | O_CREAT, 0644);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, "ELF", 3), 3);
    close(fd);
    cr_assert_eq(mkdir("d", 0755), 0);
    cr_assert_eq(mkfifo("fifo", 0644), 0);
    cr_assert_eq(symlink("a.hvt", "in.hvt"), 0);
    cr_assert_eq(symlink("/etc/passwd", "abs.hvt"), 0);
    cr_assert_eq(symlink("../../../../etc/passwd", "up.hvt"), 0);
    cr_assert_eq(symlink("/dev/null", "disk.img"), 0);
    cr_assert_eq(symlink("/proc/self/root/etc/passwd", "magic.hvt"), 0);
}

static void refused(const char *rel, const char *why)
{
    char path[64], err[512], want[512];
    cr_assert_eq(oci_rootfs_open(root, rel, path, sizeof path, err, sizeof err),
                 -1, "%s", rel);
    snprintf(want, sizeof want, why, rel, root);
    cr_assert_str_eq(err, want);
}

Test(oci_rootfs, a_regular_file_is_an_inherited_descriptor, .init = make_rootfs)
{
    char path[64], err[512];
    struct stat a, b;
    const char *ok[] = {"a.hvt", "in.hvt", "d/../a.hvt", "../a.hvt"};
    cr_assert_eq(stat("a.hvt", &a), 0);
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        cr_assert_eq(
            oci_rootfs_open(root, ok[i], path, sizeof path, err, sizeof err), 0,
            "%s: %s", ok[i], err);
        int fd = -1;
        cr_assert_eq(sscanf(path, "/proc/self/fd/%d", &fd), 1, "%s", path);
        cr_assert_geq(fd, 10);
        cr_assert_eq(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
        cr_assert_eq(stat(path, &b), 0);
        cr_assert(a.st_ino == b.st_ino && a.st_dev == b.st_dev, "%s", ok[i]);
        close(fd);
    }
}

Test(oci_rootfs, links_out_and_non_regular_files_are_refused,
     .init = make_rootfs)
{
    const char *gone = "cannot open %s in the rootfs %s: No such file or "
                       "directory";
    refused("abs.hvt", gone);
    refused("up.hvt", gone);
    refused("disk.img", gone);
    refused("magic.hvt", gone);
    refused("nothere.hvt", gone);
    refused("d", "%s in the rootfs %s: not a regular file");
    refused("fifo", "%s in the rootfs %s: not a regular file");
}
