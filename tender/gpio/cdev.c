/* SPDX-License-Identifier: ISC */
/*
 * cdev.c: the GPIO backend on the Linux GPIO character device, uAPI v2
 * (<linux/gpio.h>; no libgpiod). A device is one line request holding all
 * its granted lines, taken "as is" at set-up so nothing changes on the
 * board until the guest configures a line; later configurations go
 * through GPIO_V2_LINE_SET_CONFIG_IOCTL, which never releases a line.
 * Edge events are read from the request fd with the kernel's timestamps
 * and sequence numbers.
 *
 * Every system call goes through a struct gpio_cdev_sys, the seam unit
 * tests use to stand in for the kernel.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../abi.h"
#include "../clock.h"
#include "cdev.h"

struct cdev_priv {
    const struct gpio_cdev_sys *sys;
    int req_fd;
    char levels[PV_GPIO_MAX_LINES]; /* last known physical level */
};

_Static_assert(GPIO_LINE_ATTRS_MAX == GPIO_V2_LINE_NUM_ATTRS_MAX,
               "the validator counts the kernel's attribute limit");

static const struct {
    uint32_t pv;
    uint64_t kernel;
} flag_map[] = {
    {PV_GPIO_F_INPUT, GPIO_V2_LINE_FLAG_INPUT},
    {PV_GPIO_F_OUTPUT, GPIO_V2_LINE_FLAG_OUTPUT},
    {PV_GPIO_F_ACTIVE_LOW, GPIO_V2_LINE_FLAG_ACTIVE_LOW},
    {PV_GPIO_F_EDGE_RISING, GPIO_V2_LINE_FLAG_EDGE_RISING},
    {PV_GPIO_F_EDGE_FALLING, GPIO_V2_LINE_FLAG_EDGE_FALLING},
    {PV_GPIO_F_OPEN_DRAIN, GPIO_V2_LINE_FLAG_OPEN_DRAIN},
    {PV_GPIO_F_OPEN_SOURCE, GPIO_V2_LINE_FLAG_OPEN_SOURCE},
    {PV_GPIO_F_BIAS_PULL_UP, GPIO_V2_LINE_FLAG_BIAS_PULL_UP},
    {PV_GPIO_F_BIAS_PULL_DOWN, GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN},
    {PV_GPIO_F_BIAS_DISABLED, GPIO_V2_LINE_FLAG_BIAS_DISABLED},
};

static uint64_t kernel_flags(uint32_t pv)
{
    uint64_t k = 0;
    for (size_t i = 0; i < sizeof flag_map / sizeof flag_map[0]; i++)
        if (pv & flag_map[i].pv)
            k |= flag_map[i].kernel;
    return k;
}

static struct cdev_priv *priv_of(struct gpio_dev *d)
{
    return d->priv;
}

/* Adds an attribute; -E2BIG past the kernel's limit of 10. */
static int add_attr(struct gpio_v2_line_config *lc, uint32_t id, uint64_t value,
                    uint64_t mask)
{
    if (lc->num_attrs == GPIO_V2_LINE_NUM_ATTRS_MAX)
        return -E2BIG;
    struct gpio_v2_line_config_attribute *a = &lc->attrs[lc->num_attrs++];
    a->attr.id = id;
    if (id == GPIO_V2_LINE_ATTR_ID_FLAGS)
        a->attr.flags = value;
    else if (id == GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES)
        a->attr.values = value;
    else
        a->attr.debounce_period_us = (uint32_t)value;
    a->mask = mask;
    return 0;
}

/*
 * Builds one line config for all lines, packed as gpio_line_attrs_packed
 * counts: lines with flags 0 keep the default (no flags: "as is"); each
 * distinct flag set and debounce period gets an attribute, but when no
 * line is left as is, the first line's flag set goes in the request's
 * default flags instead; the output values get an attribute only when an
 * output is driven 1 (a line no values attribute covers is driven 0).
 */
static int build_config(const struct gpio_dev *d,
                        const struct gpio_line_cfg *cfg, uint64_t values,
                        struct gpio_v2_line_config *lc)
{
    memset(lc, 0, sizeof *lc);
    uint64_t done_flags = 0, done_db = 0, outputs = 0, as_is = 0;
    for (unsigned i = 0; i < d->nlines; i++) {
        if (!cfg[i].flags)
            as_is |= 1ULL << i;
        if (cfg[i].flags & PV_GPIO_F_OUTPUT)
            outputs |= 1ULL << i;
    }
    if (!as_is && d->nlines) {
        lc->flags = kernel_flags(cfg[0].flags);
        for (unsigned j = 0; j < d->nlines; j++)
            if (cfg[j].flags == cfg[0].flags)
                done_flags |= 1ULL << j;
    }
    for (unsigned i = 0; i < d->nlines; i++) {
        uint64_t bit = 1ULL << i;
        if (cfg[i].flags && !(done_flags & bit)) {
            uint64_t mask = 0;
            for (unsigned j = i; j < d->nlines; j++)
                if (cfg[j].flags == cfg[i].flags)
                    mask |= 1ULL << j;
            done_flags |= mask;
            int rc = add_attr(lc, GPIO_V2_LINE_ATTR_ID_FLAGS,
                              kernel_flags(cfg[i].flags), mask);
            if (rc)
                return rc;
        }
        if (cfg[i].debounce_us && !(done_db & bit)) {
            uint64_t mask = 0;
            for (unsigned j = i; j < d->nlines; j++)
                if (cfg[j].debounce_us == cfg[i].debounce_us)
                    mask |= 1ULL << j;
            done_db |= mask;
            int rc = add_attr(lc, GPIO_V2_LINE_ATTR_ID_DEBOUNCE,
                              cfg[i].debounce_us, mask);
            if (rc)
                return rc;
        }
    }
    if (values & outputs)
        return add_attr(lc, GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES,
                        values & outputs, outputs);
    return 0;
}

static int sys_ioctl(struct cdev_priv *p, unsigned long req, void *arg)
{
    int rc;
    do {
        rc = p->sys->ioctl(p->req_fd, req, arg);
    } while (rc < 0 && errno == EINTR);
    return rc < 0 ? -errno : 0;
}

/* The hooks ignore the request's time w: the kernel keeps its own. */
static int cdev_get(struct gpio_dev *d, struct gpio_time *w, uint64_t mask,
                    uint64_t *values, struct gpio_changes *ch)
{
    (void)w, (void)ch; /* levels are kept for the trace, not changes */
    struct cdev_priv *p = priv_of(d);
    struct gpio_v2_line_values lv = {.bits = 0, .mask = mask};
    int rc = sys_ioctl(p, GPIO_V2_LINE_GET_VALUES_IOCTL, &lv);
    if (rc)
        return rc;
    *values = lv.bits & mask;
    for (unsigned i = 0; i < d->nlines; i++) {
        uint64_t bit = 1ULL << i;
        if ((mask & bit) && !(d->cfg[i].flags & PV_GPIO_F_OUTPUT)) {
            int phys =
                !!(lv.bits & bit) ^ !!(d->cfg[i].flags & PV_GPIO_F_ACTIVE_LOW);
            p->levels[i] = phys ? '1' : '0';
        }
    }
    return 0;
}

static int cdev_configure(struct gpio_dev *d, struct gpio_time *w,
                          const struct gpio_line_cfg *cfg, uint64_t values,
                          struct gpio_changes *ch)
{
    (void)w;
    struct cdev_priv *p = priv_of(d);
    struct gpio_v2_line_config lc;
    int rc = build_config(d, cfg, values, &lc);
    if (rc)
        return rc;
    rc = sys_ioctl(p, GPIO_V2_LINE_SET_CONFIG_IOCTL, &lc);
    if (rc || d->trace_var < 0)
        return rc;
    /* Record the level of lines that are now inputs. */
    uint64_t inputs = 0;
    for (unsigned i = 0; i < d->nlines; i++)
        if (cfg[i].flags & PV_GPIO_F_INPUT)
            inputs |= 1ULL << i;
    if (inputs == 0)
        return 0;
    struct gpio_v2_line_values lv = {.bits = 0, .mask = inputs};
    if (sys_ioctl(p, GPIO_V2_LINE_GET_VALUES_IOCTL, &lv) != 0)
        return 0; /* configured all the same; the trace shows 'x' */
    uint64_t t = tnd_clock_now_ns();
    for (unsigned i = 0; i < d->nlines; i++) {
        if (!(inputs & (1ULL << i)))
            continue;
        int phys =
            !!(lv.bits & (1ULL << i)) ^ !!(cfg[i].flags & PV_GPIO_F_ACTIVE_LOW);
        p->levels[i] = phys ? '1' : '0';
        ch->c[ch->n++] = (struct gpio_change){
            .dev = d, .line = i, .level = p->levels[i], .t_ns = t};
    }
    return 0;
}

static int cdev_set(struct gpio_dev *d, struct gpio_time *w, uint64_t mask,
                    uint64_t values, struct gpio_changes *ch)
{
    (void)w, (void)ch; /* outputs: the device layer records them */
    struct gpio_v2_line_values lv = {.bits = values & mask, .mask = mask};
    return sys_ioctl(priv_of(d), GPIO_V2_LINE_SET_VALUES_IOCTL, &lv);
}

static int line_index(const struct gpio_dev *d, uint32_t offset)
{
    for (unsigned i = 0; i < d->nlines; i++)
        if (d->offsets[i] == offset)
            return (int)i;
    return -1;
}

/* Reads edge events until the kernel has none or ch is nearly full. */
static int cdev_collect(struct gpio_dev *d, struct gpio_time *w,
                        struct gpio_changes *ch)
{
    (void)w;
    struct cdev_priv *p = priv_of(d);
    struct gpio_v2_line_event ev[16];
    while (ch->n + 16 <= GPIO_CHANGES_MAX) {
        ssize_t n = p->sys->read(p->req_fd, ev, sizeof ev);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return 0;
        if (n < 0)
            return -errno;
        if (n == 0 || (size_t)n % sizeof ev[0] != 0)
            return -EIO;
        for (size_t k = 0; k < (size_t)n / sizeof ev[0]; k++) {
            int i = line_index(d, ev[k].offset);
            if (i < 0)
                continue; /* not ours: cannot happen with one request */
            bool rising = ev[k].id == GPIO_V2_LINE_EVENT_RISING_EDGE;
            int phys = rising ^ !!(d->cfg[i].flags & PV_GPIO_F_ACTIVE_LOW);
            p->levels[i] = phys ? '1' : '0';
            ch->c[ch->n++] = (struct gpio_change){
                .dev = d,
                .line = (uint32_t)i,
                .level = p->levels[i],
                .has_event = true,
                .t_ns = ev[k].timestamp_ns,
                .ev = {.timestamp_ns = ev[k].timestamp_ns,
                       .line = (uint32_t)i,
                       .edge =
                           rising ? PV_GPIO_EDGE_RISING : PV_GPIO_EDGE_FALLING,
                       .seqno = ev[k].seqno,
                       .line_seqno = ev[k].line_seqno}};
        }
        if ((size_t)n < sizeof ev)
            return 0;
    }
    return 0; /* more may be pending: the fd stays readable */
}

static char cdev_level(struct gpio_dev *d, unsigned i)
{
    return priv_of(d)->levels[i];
}

/*
 * Releases the lines. The state stays allocated: a close may run on the
 * ring's I/O thread (a vanished chip), where free() could need a system
 * call the sandbox refuses (a new malloc arena).
 */
static void cdev_close(struct gpio_dev *d)
{
    struct cdev_priv *p = priv_of(d);
    if (p->req_fd >= 0)
        p->sys->close(p->req_fd);
    p->req_fd = -1;
    d->poll_fd = -1;
}

static const struct gpio_backend_ops cdev_ops = {
    .name = "cdev",
    .configure = cdev_configure,
    .get = cdev_get,
    .set = cdev_set,
    .collect = cdev_collect,
    .level = cdev_level,
    .close = cdev_close,
};

/* --- set-up -------------------------------------------------------------- */

#define FAIL(code, ...)                                                        \
    do {                                                                       \
        snprintf(err, errlen, __VA_ARGS__);                                    \
        rc = -(code);                                                          \
        goto out;                                                              \
    } while (0)

/*
 * For a request refused with EBUSY: " (line OFFSET is held by 'CONSUMER')"
 * for the first granted line the kernel reports in use, else " (in use by
 * another program)". The holder may be pinvisor's own other device, when
 * one line was granted twice under two spellings.
 */
static void busy_holder(const struct gpio_cdev_sys *sys, int chip_fd,
                        const uint32_t *offsets, unsigned n, char *buf,
                        size_t len)
{
    snprintf(buf, len, " (in use by another program)");
    for (unsigned i = 0; i < n; i++) {
        struct gpio_v2_line_info li;
        memset(&li, 0, sizeof li);
        li.offset = offsets[i];
        if (sys->ioctl(chip_fd, GPIO_V2_GET_LINEINFO_IOCTL, &li) == 0 &&
            (li.flags & GPIO_V2_LINE_FLAG_USED)) {
            li.consumer[sizeof li.consumer - 1] = '\0';
            snprintf(buf, len, " (line %u is held by '%s')", offsets[i],
                     li.consumer[0] ? li.consumer : "an unnamed consumer");
            return;
        }
    }
}

static bool all_digits(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* Finds the chip's device path from "gpiochipN", a path or a label. */
static int chip_path(const char *chip, const struct gpio_cdev_sys *sys,
                     char *path, char *err, size_t errlen)
{
    if (chip[0] == '/') {
        snprintf(path, GPIO_CHIP_NAME_MAX, "%.63s", chip);
        return 0;
    }
    if (strncmp(chip, "gpiochip", 8) == 0 && all_digits(chip + 8)) {
        snprintf(path, GPIO_CHIP_NAME_MAX, "/dev/%.58s", chip);
        return 0;
    }
    char paths[64][GPIO_CHIP_NAME_MAX];
    int n = sys->list_chips(paths, 64);
    for (int i = 0; i < n; i++) {
        int fd = sys->open(paths[i], O_RDWR | O_CLOEXEC);
        if (fd < 0)
            continue;
        struct gpiochip_info info;
        memset(&info, 0, sizeof info);
        int rc = sys->ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, &info);
        sys->close(fd);
        if (rc == 0 && strncmp(info.label, chip, sizeof info.label) == 0) {
            memcpy(path, paths[i], GPIO_CHIP_NAME_MAX);
            return 0;
        }
    }
    snprintf(err, errlen, "no GPIO chip with label '%s'", chip);
    return -ENODEV;
}

int gpio_cdev_open(struct gpio_dev *d, const struct gpio_grant *g,
                   const struct gpio_cdev_sys *sys, char *err, size_t errlen)
{
    int rc = 0, chip_fd = -1;
    struct cdev_priv *p = NULL;
    char path[GPIO_CHIP_NAME_MAX];
    rc = chip_path(g->chip, sys, path, err, errlen);
    if (rc)
        return rc;
    chip_fd = sys->open(path, O_RDWR | O_CLOEXEC);
    if (chip_fd < 0)
        FAIL(errno, "cannot open %s: %s", path, strerror(errno));
    struct gpiochip_info info;
    memset(&info, 0, sizeof info);
    if (sys->ioctl(chip_fd, GPIO_GET_CHIPINFO_IOCTL, &info) < 0)
        FAIL(errno, "%s: GPIO_GET_CHIPINFO_IOCTL failed: %s", path,
             strerror(errno));
    snprintf(d->chip, sizeof d->chip, "%s (label %.31s)", path, info.label);

    for (unsigned i = 0; i < g->nlines; i++) {
        const char *want = g->lines[i];
        struct gpio_v2_line_info li;
        bool found = false;
        if (all_digits(want)) {
            unsigned long off = strtoul(want, NULL, 10);
            if (off >= info.lines)
                FAIL(EINVAL, "%s has %u lines, no line %s", path, info.lines,
                     want);
            memset(&li, 0, sizeof li);
            li.offset = (uint32_t)off;
            found = sys->ioctl(chip_fd, GPIO_V2_GET_LINEINFO_IOCTL, &li) == 0;
            if (!found)
                FAIL(errno, "%s: cannot read line %s: %s", path, want,
                     strerror(errno));
        } else {
            for (uint32_t off = 0; off < info.lines && !found; off++) {
                memset(&li, 0, sizeof li);
                li.offset = off;
                if (sys->ioctl(chip_fd, GPIO_V2_GET_LINEINFO_IOCTL, &li) == 0 &&
                    strncmp(li.name, want, sizeof li.name) == 0)
                    found = true;
            }
            if (!found)
                FAIL(ENOENT, "%s has no line named '%s'", path, want);
        }
        for (unsigned j = 0; j < i; j++)
            if (d->offsets[j] == li.offset)
                FAIL(EINVAL, "line %s granted twice", want);
        d->offsets[i] = li.offset;
        if (li.name[0])
            snprintf(d->line_names[i], GPIO_LINE_NAME_MAX, "%.31s", li.name);
        else
            snprintf(d->line_names[i], GPIO_LINE_NAME_MAX, "line%u", li.offset);
    }

    struct gpio_v2_line_request req;
    memset(&req, 0, sizeof req);
    for (unsigned i = 0; i < g->nlines; i++)
        req.offsets[i] = d->offsets[i];
    req.num_lines = g->nlines;
    snprintf(req.consumer, sizeof req.consumer, "pinvisor-%.21s", d->name);
    if (sys->ioctl(chip_fd, GPIO_V2_GET_LINE_IOCTL, &req) < 0) {
        int e = errno;
        char why[GPIO_MAX_NAME_SIZE + 48] = "";
        if (e == EBUSY)
            busy_holder(sys, chip_fd, req.offsets, req.num_lines, why,
                        sizeof why);
        FAIL(e, "%s: cannot request the lines%s: %s", path, why, strerror(e));
    }

    /* Events are read only until the kernel has no more: no blocking. */
    int fl = sys->fcntl(req.fd, F_GETFL, 0);
    if (fl < 0 || sys->fcntl(req.fd, F_SETFL, fl | O_NONBLOCK) < 0) {
        sys->close(req.fd);
        FAIL(errno, "cannot make the line request non-blocking: %s",
             strerror(errno));
    }
    p = calloc(1, sizeof *p);
    if (p == NULL) {
        sys->close(req.fd);
        FAIL(ENOMEM, "out of memory");
    }
    p->sys = sys;
    p->req_fd = req.fd;
    memset(p->levels, 'x', sizeof p->levels);
    d->priv = p;
    d->ops = &cdev_ops;
    d->poll_fd = req.fd;
    p = NULL;
out:
    free(p);
    if (chip_fd >= 0)
        sys->close(chip_fd);
    return rc;
}

int gpio_cdev_request_fd(const struct gpio_dev *d)
{
    const struct cdev_priv *p = d->priv;
    return p ? p->req_fd : -1;
}

/* --- the real system calls ------------------------------------------------ */

static int real_open(const char *path, int flags)
{
    return open(path, flags);
}

static int real_ioctl(int fd, unsigned long req, void *arg)
{
    return ioctl(fd, req, arg);
}

static int real_fcntl(int fd, int cmd, int arg)
{
    return fcntl(fd, cmd, arg);
}

static int real_list_chips(char paths[][GPIO_CHIP_NAME_MAX], int max)
{
    DIR *dir = opendir("/dev");
    if (dir == NULL)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL && n < max)
        if (strncmp(e->d_name, "gpiochip", 8) == 0)
            snprintf(paths[n++], GPIO_CHIP_NAME_MAX, "/dev/%.50s", e->d_name);
    closedir(dir);
    return n;
}

const struct gpio_cdev_sys gpio_cdev_real = {
    .open = real_open,
    .ioctl = real_ioctl,
    .read = read,
    .close = close,
    .fcntl = real_fcntl,
    .list_chips = real_list_chips,
};
