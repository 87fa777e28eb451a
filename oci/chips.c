/* SPDX-License-Identifier: ISC */
/*
 * chips.c: the GPIO chips a spec's linux.devices grants, with the host
 * node and the label of each, so that a grant may name a chip by path or
 * by label.
 */
#include <fcntl.h>
#include <linux/gpio.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "oci.h"

/* The host's node for char device major:minor ("" if none). */
static void host_node(int64_t major, int64_t minor, char *out, size_t size)
{
    char p[96], line[256];
    out[0] = '\0';
    snprintf(p, sizeof p, "/sys/dev/char/%lld:%lld/uevent", (long long)major,
             (long long)minor);
    FILE *f = fopen(p, "re");
    if (f == NULL)
        return;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "DEVNAME=", 8) == 0) {
            line[strcspn(line, "\n")] = '\0';
            snprintf(out, size, "/dev/%s", line + 8);
        }
    fclose(f);
}

static void chip_label(const char *node, char *out, size_t size)
{
    struct gpiochip_info info;
    out[0] = '\0';
    int fd = open(node, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    memset(&info, 0, sizeof info);
    if (ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, &info) == 0)
        snprintf(out, size, "%.*s", (int)sizeof info.label, info.label);
    close(fd);
}

size_t oci_chips_resolve(const struct oci_spec *spec, struct oci_chip *chips,
                         size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < spec->ndevs && n < max; i++) {
        const struct oci_device *d = &spec->devs[i];
        const char *base = strrchr(d->path, '/');
        base = base ? base + 1 : d->path;
        if (d->type != 'c' || strncmp(base, "gpiochip", 8) != 0)
            continue;
        struct oci_chip *c = &chips[n++];
        snprintf(c->spec_path, sizeof c->spec_path, "%s", d->path);
        c->host_path[0] = '\0';
        if (d->major >= 0 && d->minor >= 0)
            host_node(d->major, d->minor, c->host_path, sizeof c->host_path);
        if (c->host_path[0] == '\0')
            snprintf(c->host_path, sizeof c->host_path, "%s", d->path);
        chip_label(c->host_path, c->label, sizeof c->label);
    }
    return n;
}
