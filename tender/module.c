/* SPDX-License-Identifier: ISC */
/*
 * module.c: helpers device modules share when they check their options.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "tender.h"

struct pv_mft_entry *tnd_module_device(struct pv_mft *mft, const char *arg,
                                       const char *name, uint32_t type)
{
    struct pv_mft_entry *e = tnd_mft_find(mft, name, 0);
    if (e == NULL)
        tnd_die_usage("%s: the unikernel declares no device '%s'", arg, name);
    if (e->type != type)
        tnd_die_usage("%s: device '%s' is %s, not %s", arg, name,
                      tnd_mft_type_name(e->type), tnd_mft_type_name(type));
    e->attached = 1;
    return e;
}

size_t tnd_module_read_file(const char *cls, const char *kind, const char *path,
                            char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        tnd_die_errno("%s: cannot open %s file %s", cls, kind, path);
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, size - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            tnd_die_errno("%s: cannot read %s file %s", cls, kind, path);
        if (r == 0 || (n += (size_t)r) == size)
            break;
    }
    close(fd);
    if (n == size)
        tnd_die("%s: %s file %s is larger than %zu MiB", cls, kind, path,
                (size - 1) >> 20);
    return n;
}
