/* SPDX-License-Identifier: ISC */
/*
 * test_oci_cgroup.c: the cgroup folder pinvisor-oci makes for a spec's
 * linux.cgroupsPath (oci/cgroup.c): cgroupfs and systemd forms.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../oci/oci.h"

static const char *dir_of(const char *spec_path, int want)
{
    static char dir[4096];
    dir[0] = '\0';
    cr_assert_eq(oci_cgroup_path(spec_path, dir, sizeof dir), want, "%s",
                 spec_path ? spec_path : "(null)");
    return dir;
}

Test(oci_cgroup, cgroupfs_path_is_taken_as_it_is)
{
    cr_assert_str_eq(dir_of("/libpod_parent/libpod-abc", 1),
                     "/sys/fs/cgroup/libpod_parent/libpod-abc");
    dir_of(NULL, 0);
    dir_of("", 0);
    dir_of("relative/path", -1);
    dir_of("/a/../b", -1);
}

Test(oci_cgroup, systemd_path_is_the_scope_in_its_nested_slices)
{
    cr_assert_str_eq(dir_of("machine.slice:libpod:abc", 1),
                     "/sys/fs/cgroup/machine.slice/libpod-abc.scope");
    cr_assert_str_eq(
        dir_of("kubepods-besteffort-pod1.slice:cri-containerd:c1", 1),
        "/sys/fs/cgroup/kubepods.slice/kubepods-besteffort.slice/"
        "kubepods-besteffort-pod1.slice/cri-containerd-c1.scope");
    cr_assert_str_eq(dir_of(":pinvisor:x", 1),
                     "/sys/fs/cgroup/pinvisor-x.scope");
    cr_assert_str_eq(dir_of("-.slice::x", 1), "/sys/fs/cgroup/x.scope");
}

Test(oci_cgroup, malformed_systemd_paths_are_refused)
{
    dir_of("machine.slice:libpod", -1);  /* two parts */
    dir_of("machine:libpod:abc", -1);    /* no .slice */
    dir_of("a/b.slice:libpod:abc", -1);  /* a / in the slice */
    dir_of("machine.slice:libpod:", -1); /* no name */
    dir_of("machine.slice:lib/pod:abc", -1);
    dir_of("machine.slice:libpod:a:b", -1); /* four parts */
    dir_of("a--b.slice:p:n", -1);
}

Test(oci_cgroup, cpu_shares_become_a_weight_in_range_without_overflow)
{
    cr_assert_eq(oci_cgroup_weight(2), 1);
    cr_assert_eq(oci_cgroup_weight(1024), 39);
    cr_assert_eq(oci_cgroup_weight(262144), 10000);
    cr_assert_eq(oci_cgroup_weight(1), 1);
    cr_assert_eq(oci_cgroup_weight(1000000), 10000);
    cr_assert_eq(oci_cgroup_weight(INT64_MAX), 10000);
    cr_assert_eq(oci_cgroup_weight(INT64_MAX / 9999 + 3), 10000);
}

/* Makes ROOT/a/b/c; returns ROOT. */
static const char *tree(void)
{
    static char root[64];
    char p[128];
    strcpy(root, "/tmp/test_oci_cgroup.XXXXXX");
    cr_assert_not_null(mkdtemp(root));
    snprintf(p, sizeof p, "%s/a", root);
    cr_assert_eq(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/a/b", root);
    cr_assert_eq(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/a/b/c", root);
    cr_assert_eq(mkdir(p, 0755), 0);
    return root;
}

static bool exists(const char *root, const char *rel)
{
    char p[128];
    snprintf(p, sizeof p, "%s%s", root, rel);
    return access(p, F_OK) == 0;
}

Test(oci_cgroup, remove_takes_the_folders_join_made_and_no_more)
{
    char leaf[128], made[128];
    const char *r = tree();
    snprintf(leaf, sizeof leaf, "%s/a/b/c", r);
    snprintf(made, sizeof made, "%s/a", r);
    oci_cgroup_remove(leaf, made);
    cr_assert(!exists(r, "/a"));
    cr_assert(exists(r, ""));
    rmdir(r);

    r = tree();
    snprintf(leaf, sizeof leaf, "%s/a/b/c", r);
    oci_cgroup_remove(leaf, ""); /* the parents existed */
    cr_assert(!exists(r, "/a/b/c"));
    cr_assert(exists(r, "/a/b"));

    snprintf(leaf, sizeof leaf, "%s/a/b", r);
    snprintf(made, sizeof made, "%s/a/bb", r); /* not a parent */
    oci_cgroup_remove(leaf, made);
    cr_assert(!exists(r, "/a/b"));
    cr_assert(exists(r, "/a"));
    snprintf(leaf, sizeof leaf, "%s/a", r);
    rmdir(leaf);
    rmdir(r);
}
