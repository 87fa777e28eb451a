/* SPDX-License-Identifier: ISC */
/*
 * test_gpio_cdev.c: the GPIO character device backend (tender/gpio/cdev.c)
 * against a fake kernel plugged into its system-call seam
 * (struct gpio_cdev_sys). The fake serves two chips, records the last line
 * request and line config, keeps line values in a bitmap, queues edge
 * events for read(), and can fail any operation with a chosen errno.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "../../tender/gpio/cdev.h"

#define IN PV_GPIO_F_INPUT
#define OUT PV_GPIO_F_OUTPUT
#define AL PV_GPIO_F_ACTIVE_LOW
#define RISE PV_GPIO_F_EDGE_RISING
#define FALL PV_GPIO_F_EDGE_FALLING

#include "gpio_ops.h"

/* --- the fake kernel ------------------------------------------------------ */

enum fake_op {
    OP_NONE,
    OP_OPEN,
    OP_CHIPINFO,
    OP_LINEINFO,
    OP_GET_LINE,
    OP_SET_CONFIG,
    OP_GET_VALUES,
    OP_SET_VALUES,
    OP_READ,
};

#define CHIP_FD_BASE 1000
#define NCHIPS 2
#define QMAX 64

struct fake_chip {
    const char *path, *name, *label;
    unsigned nlines;
    const char *names[64];     /* NULL: unnamed */
    const char *consumers[64]; /* non-NULL: the line is in use by it */
};

static struct {
    struct fake_chip chips[NCHIPS];
    int chip_fds_open;   /* chip fds opened and not closed */
    char last_open[128]; /* path of the last open */
    int request_chip;    /* chip GET_LINE was called on, or -1 */
    struct gpio_v2_line_request req;
    int get_line_calls;
    int req_fd;     /* the request fd handed out, or -1 */
    int bad_req_fd; /* if non-zero, GET_LINE returns this fd */
    bool req_fd_closed;
    int closed_other; /* close() calls on unknown fds */
    struct gpio_v2_line_config cfg;
    int set_config_calls;
    uint64_t bits; /* line values, by request index */
    struct gpio_v2_line_values last_get, last_set;
    int get_calls, set_calls;
    struct gpio_v2_line_event q[QMAX];
    size_t qhead, qlen;
    int read_calls;
    enum fake_op fail_op;
    int fail_errno;
    int fail_times; /* < 0: always */
} fk;

/* Fails `op` with fail_errno if so chosen. */
static bool inject(enum fake_op op)
{
    if (fk.fail_op != op || fk.fail_times == 0)
        return false;
    if (fk.fail_times > 0)
        fk.fail_times--;
    errno = fk.fail_errno;
    return true;
}

static void fail_with(enum fake_op op, int e, int times)
{
    fk.fail_op = op;
    fk.fail_errno = e;
    fk.fail_times = times;
}

static int chip_of_fd(int fd)
{
    int c = fd - CHIP_FD_BASE;
    return c >= 0 && c < NCHIPS ? c : -1;
}

static int fake_open(const char *path, int flags)
{
    (void)flags;
    snprintf(fk.last_open, sizeof fk.last_open, "%s", path);
    if (inject(OP_OPEN))
        return -1;
    for (int c = 0; c < NCHIPS; c++) {
        if (strcmp(fk.chips[c].path, path) == 0) {
            fk.chip_fds_open++;
            return CHIP_FD_BASE + c;
        }
    }
    errno = ENOENT;
    return -1;
}

static int chip_ioctl(int c, unsigned long req, void *arg)
{
    const struct fake_chip *ch = &fk.chips[c];
    if (req == GPIO_GET_CHIPINFO_IOCTL) {
        if (inject(OP_CHIPINFO))
            return -1;
        struct gpiochip_info *info = arg;
        snprintf(info->name, sizeof info->name, "%s", ch->name);
        snprintf(info->label, sizeof info->label, "%s", ch->label);
        info->lines = ch->nlines;
        return 0;
    }
    if (req == GPIO_V2_GET_LINEINFO_IOCTL) {
        if (inject(OP_LINEINFO))
            return -1;
        struct gpio_v2_line_info *li = arg;
        if (li->offset >= ch->nlines) {
            errno = EINVAL;
            return -1;
        }
        uint32_t off = li->offset;
        memset(li, 0, sizeof *li);
        li->offset = off;
        if (ch->names[off])
            snprintf(li->name, sizeof li->name, "%s", ch->names[off]);
        if (ch->consumers[off]) {
            li->flags |= GPIO_V2_LINE_FLAG_USED;
            snprintf(li->consumer, sizeof li->consumer, "%s",
                     ch->consumers[off]);
        }
        return 0;
    }
    if (req == GPIO_V2_GET_LINE_IOCTL) {
        fk.get_line_calls++;
        if (inject(OP_GET_LINE))
            return -1;
        struct gpio_v2_line_request *r = arg;
        fk.req = *r;
        fk.request_chip = c;
        if (fk.bad_req_fd) {
            r->fd = fk.bad_req_fd;
            return 0;
        }
        r->fd = eventfd(0, EFD_CLOEXEC);
        cr_assert_geq(r->fd, 0, "eventfd");
        fk.req_fd = r->fd;
        return 0;
    }
    errno = ENOTTY;
    return -1;
}

static int request_ioctl(unsigned long req, void *arg)
{
    if (req == GPIO_V2_LINE_SET_CONFIG_IOCTL) {
        fk.set_config_calls++;
        if (inject(OP_SET_CONFIG))
            return -1;
        fk.cfg = *(struct gpio_v2_line_config *)arg;
        return 0;
    }
    if (req == GPIO_V2_LINE_GET_VALUES_IOCTL) {
        fk.get_calls++;
        if (inject(OP_GET_VALUES))
            return -1;
        struct gpio_v2_line_values *lv = arg;
        fk.last_get = *lv;
        lv->bits = fk.bits & lv->mask;
        return 0;
    }
    if (req == GPIO_V2_LINE_SET_VALUES_IOCTL) {
        fk.set_calls++;
        if (inject(OP_SET_VALUES))
            return -1;
        struct gpio_v2_line_values *lv = arg;
        fk.last_set = *lv;
        fk.bits = (fk.bits & ~lv->mask) | (lv->bits & lv->mask);
        return 0;
    }
    errno = ENOTTY;
    return -1;
}

static int fake_ioctl(int fd, unsigned long req, void *arg)
{
    int c = chip_of_fd(fd);
    if (c >= 0)
        return chip_ioctl(c, req, arg);
    if (fd >= 0 && fd == fk.req_fd && !fk.req_fd_closed)
        return request_ioctl(req, arg);
    errno = EBADF;
    return -1;
}

static ssize_t fake_read(int fd, void *buf, size_t len)
{
    fk.read_calls++;
    if (fd != fk.req_fd || fk.req_fd_closed) {
        errno = EBADF;
        return -1;
    }
    if (inject(OP_READ))
        return -1;
    if (fk.qlen == 0) {
        errno = EAGAIN;
        return -1;
    }
    size_t n = len / sizeof fk.q[0];
    if (n > fk.qlen)
        n = fk.qlen;
    struct gpio_v2_line_event *out = buf;
    for (size_t k = 0; k < n; k++) {
        out[k] = fk.q[fk.qhead];
        fk.qhead = (fk.qhead + 1) % QMAX;
        fk.qlen--;
    }
    return (ssize_t)(n * sizeof fk.q[0]);
}

static int fake_close(int fd)
{
    if (chip_of_fd(fd) >= 0) {
        fk.chip_fds_open--;
        return 0;
    }
    if (fd == fk.req_fd && !fk.req_fd_closed) {
        fk.req_fd_closed = true;
        return close(fd);
    }
    fk.closed_other++;
    return 0;
}

static int fake_list_chips(char paths[][GPIO_CHIP_NAME_MAX], int max)
{
    int n = 0;
    for (int c = 0; c < NCHIPS && n < max; c++)
        snprintf(paths[n++], GPIO_CHIP_NAME_MAX, "%s", fk.chips[c].path);
    return n;
}

static int fake_fcntl(int fd, int cmd, int arg)
{
    return fcntl(fd, cmd, arg);
}

static const struct gpio_cdev_sys fake_sys = {
    .fcntl = fake_fcntl,
    .open = fake_open,
    .ioctl = fake_ioctl,
    .read = fake_read,
    .close = fake_close,
    .list_chips = fake_list_chips,
};

static void queue_event(uint64_t ts, uint32_t id, uint32_t offset,
                        uint32_t seqno, uint32_t line_seqno)
{
    cr_assert_lt(fk.qlen, QMAX);
    struct gpio_v2_line_event *e = &fk.q[(fk.qhead + fk.qlen++) % QMAX];
    memset(e, 0, sizeof *e);
    e->timestamp_ns = ts;
    e->id = id;
    e->offset = offset;
    e->seqno = seqno;
    e->line_seqno = line_seqno;
}

/* --- fixture
 * ------------------------------------------------------------------ */

static struct gpio_dev *dev;
static char err[256];

static void setup(void)
{
    memset(&fk, 0, sizeof fk);
    fk.req_fd = -1;
    fk.request_chip = -1;
    fk.fail_times = -1;
    fk.chips[0] = (struct fake_chip){
        .path = "/dev/gpiochip0",
        .name = "gpiochip0",
        .label = "pinctrl-bcm2711",
        .nlines = 58,
    };
    fk.chips[0].names[5] = "LED_RED";
    fk.chips[0].names[17] = "GPIO17";
    fk.chips[0].names[27] = "GPIO27";
    fk.chips[1] = (struct fake_chip){
        .path = "/dev/gpiochip1",
        .name = "gpiochip1",
        .label = "mylabel",
        .nlines = 8,
        .names = {"A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7"},
    };
    dev = calloc(1, sizeof *dev);
    cr_assert_not_null(dev);
}

static void teardown(void)
{
    /* The backend's state, if the test left the device open. */
    if (dev->priv) {
        free(dev->priv);
        dev->priv = NULL;
    }
    if (fk.req_fd >= 0 && !fk.req_fd_closed)
        close(fk.req_fd);
    free(dev);
}

TestSuite(gpio_cdev, .init = setup, .fini = teardown);

/* Parses the grant and opens it as device `dev`. */
static int open_grant(const char *spec)
{
    struct gpio_grant g;
    memset(err, 0, sizeof err);
    cr_assert_eq(gpio_grant_parse(spec, &g, err, sizeof err), 0, "%s: %s", spec,
                 err);
    free(dev->priv); /* a device the test opened before */
    memset(dev, 0, sizeof *dev);
    memcpy(dev->name, g.name, sizeof dev->name);
    dev->nlines = g.nlines;
    dev->perms = g.perms;
    dev->safe = g.safe;
    dev->poll_fd = -1;
    dev->trace_var = -1;
    return gpio_cdev_open(dev, &g, &fake_sys, err, sizeof err);
}

static void must_open(const char *spec)
{
    int rc = open_grant(spec);
    cr_assert_eq(rc, 0, "%s: %d %s", spec, rc, err);
    cr_assert_not_null(dev->ops);
}

/* --- chips and lines ---------------------------------------------------- */

Test(gpio_cdev, chip_found_by_gpiochip_name)
{
    must_open("x=gpiochip0:17");
    cr_assert_str_eq(fk.last_open, "/dev/gpiochip0");
    cr_assert_eq(fk.request_chip, 0);
    cr_assert_eq(fk.chip_fds_open, 0, "chip fd closed after set-up");
}

Test(gpio_cdev, chip_found_by_path)
{
    must_open("x=/dev/gpiochip1:3");
    cr_assert_eq(fk.request_chip, 1);
    cr_assert_eq(dev->offsets[0], 3);
    cr_assert_eq(fk.chip_fds_open, 0);
}

Test(gpio_cdev, chip_found_by_label)
{
    must_open("x=mylabel:A6");
    cr_assert_eq(fk.request_chip, 1);
    cr_assert_eq(dev->offsets[0], 6);
    cr_assert_str_eq(dev->line_names[0], "A6");
    cr_assert_eq(fk.chip_fds_open, 0, "every probed chip closed");
}

Test(gpio_cdev, gpiochip_without_number_is_a_label)
{
    cr_assert_eq(open_grant("x=gpiochip:1"), -ENODEV);
    cr_assert_str_eq(err, "no GPIO chip with label 'gpiochip'");
}

Test(gpio_cdev, unknown_label_rejected)
{
    cr_assert_eq(open_grant("x=nolabel:1"), -ENODEV);
    cr_assert_str_eq(err, "no GPIO chip with label 'nolabel'");
    cr_assert_eq(fk.chip_fds_open, 0);
    cr_assert_eq(fk.get_line_calls, 0);
}

Test(gpio_cdev, label_probe_skips_chips_that_fail)
{
    fail_with(OP_CHIPINFO, EIO, 1); /* the first chip cannot be asked */
    must_open("x=mylabel:A0");
    cr_assert_eq(fk.request_chip, 1);
    cr_assert_eq(fk.chip_fds_open, 0);
}

Test(gpio_cdev, missing_chip_reported_with_errno)
{
    cr_assert_eq(open_grant("x=gpiochip7:1"), -ENOENT);
    cr_assert(strstr(err, "cannot open /dev/gpiochip7"), "%s", err);
    cr_assert_null(dev->ops);
}

Test(gpio_cdev, chipinfo_failure_reported)
{
    fail_with(OP_CHIPINFO, EIO, -1);
    cr_assert_eq(open_grant("x=gpiochip0:1"), -EIO);
    cr_assert(strstr(err, "GPIO_GET_CHIPINFO_IOCTL failed"), "%s", err);
    cr_assert_eq(fk.chip_fds_open, 0);
}

Test(gpio_cdev, lines_found_by_offset_and_by_name)
{
    must_open("x=gpiochip0:17,LED_RED,3,GPIO27");
    cr_assert_eq(dev->offsets[0], 17);
    cr_assert_eq(dev->offsets[1], 5);
    cr_assert_eq(dev->offsets[2], 3);
    cr_assert_eq(dev->offsets[3], 27);
    cr_assert_str_eq(dev->line_names[0], "GPIO17");
    cr_assert_str_eq(dev->line_names[1], "LED_RED");
    cr_assert_str_eq(dev->line_names[2], "line3", "unnamed line");
    cr_assert_str_eq(dev->line_names[3], "GPIO27");
}

Test(gpio_cdev, unknown_line_name_rejected)
{
    cr_assert_eq(open_grant("x=gpiochip0:17,NOPE"), -ENOENT);
    cr_assert_str_eq(err, "/dev/gpiochip0 has no line named 'NOPE'");
    cr_assert_eq(fk.get_line_calls, 0);
    cr_assert_eq(fk.chip_fds_open, 0);
    cr_assert_null(dev->ops);
}

Test(gpio_cdev, offset_past_the_chip_rejected)
{
    must_open("x=gpiochip0:57");
    cr_assert_eq(open_grant("x=gpiochip0:58"), -EINVAL);
    cr_assert_str_eq(err, "/dev/gpiochip0 has 58 lines, no line 58");
    cr_assert_eq(open_grant("x=gpiochip1:4294967295"), -EINVAL);
    cr_assert_str_eq(err, "/dev/gpiochip1 has 8 lines, no line 4294967295");
    cr_assert_eq(fk.chip_fds_open, 0);
}

Test(gpio_cdev, lineinfo_failure_on_offset_reported)
{
    fail_with(OP_LINEINFO, EIO, -1);
    cr_assert_eq(open_grant("x=gpiochip0:4"), -EIO);
    cr_assert(strstr(err, "cannot read line 4"), "%s", err);
}

Test(gpio_cdev, same_line_by_offset_and_name_rejected)
{
    cr_assert_eq(open_grant("x=gpiochip0:5,LED_RED"), -EINVAL);
    cr_assert_str_eq(err, "line LED_RED granted twice");
    cr_assert_eq(fk.get_line_calls, 0);
}

Test(gpio_cdev, busy_lines_reported_as_in_use)
{
    fail_with(OP_GET_LINE, EBUSY, -1);
    cr_assert_eq(open_grant("x=gpiochip0:17"), -EBUSY);
    cr_assert(strstr(err, "in use"), "%s", err);
    cr_assert(strstr(err, "/dev/gpiochip0"), "%s", err);
    cr_assert_eq(fk.chip_fds_open, 0);
    cr_assert_null(dev->ops);
}

Test(gpio_cdev, busy_line_names_its_holder)
{
    fk.chips[0].consumers[18] = "pinvisor-led";
    fail_with(OP_GET_LINE, EBUSY, -1);
    cr_assert_eq(open_grant("x=gpiochip0:17,18"), -EBUSY);
    cr_assert(strstr(err, "cannot request the lines (line 18 is held by "
                          "'pinvisor-led'): "),
              "%s", err);
    cr_assert_eq(fk.chip_fds_open, 0);
}

Test(gpio_cdev, other_request_failure_not_called_in_use)
{
    fail_with(OP_GET_LINE, EPERM, -1);
    cr_assert_eq(open_grant("x=gpiochip0:17"), -EPERM);
    cr_assert(strstr(err, "cannot request the lines"), "%s", err);
    cr_assert_null(strstr(err, "in use"), "%s", err);
}

Test(gpio_cdev, request_fd_that_cannot_be_made_nonblocking_released)
{
    fk.bad_req_fd = 987654; /* not an open fd: fcntl fails */
    cr_assert_eq(open_grant("x=gpiochip0:17"), -EBADF);
    cr_assert(strstr(err, "non-blocking"), "%s", err);
    cr_assert_eq(fk.closed_other, 1, "the request is closed");
    cr_assert_eq(fk.chip_fds_open, 0);
    cr_assert_null(dev->ops);
}

Test(gpio_cdev, request_takes_every_line_as_is)
{
    must_open("x=gpiochip0:17,LED_RED,27");
    cr_assert_eq(fk.get_line_calls, 1, "one request for the device");
    cr_assert_eq(fk.req.num_lines, 3);
    cr_assert_eq(fk.req.offsets[0], 17);
    cr_assert_eq(fk.req.offsets[1], 5);
    cr_assert_eq(fk.req.offsets[2], 27);
    cr_assert_eq(fk.req.config.flags, 0, "no flags: the lines as they are");
    cr_assert_eq(fk.req.config.num_attrs, 0);
    cr_assert_str_eq(fk.req.consumer, "pinvisor-x");
    cr_assert_eq(fk.set_config_calls, 0);
    cr_assert_eq(fk.set_calls, 0);
}

Test(gpio_cdev, consumer_of_long_name_fits_the_kernel_field)
{
    char spec[128];
    memset(spec, 'n', 67);
    strcpy(spec + 67, "=gpiochip0:1");
    must_open(spec);
    cr_assert_lt(strlen(fk.req.consumer), sizeof fk.req.consumer);
    cr_assert_eq(strncmp(fk.req.consumer, "pinvisor-nnnn", 13), 0, "%s",
                 fk.req.consumer);
}

Test(gpio_cdev, request_fd_is_nonblocking_and_polled)
{
    must_open("x=gpiochip0:17");
    cr_assert_geq(fk.req_fd, 0);
    cr_assert_eq(dev->poll_fd, fk.req_fd);
    cr_assert_eq(gpio_cdev_request_fd(dev), fk.req_fd);
    int fl = fcntl(fk.req_fd, F_GETFL);
    cr_assert(fl >= 0 && (fl & O_NONBLOCK), "flags %#x", fl);
    cr_assert_str_eq(dev->ops->name, "cdev");
}

/* --- configure -------------------------------------------------------------
 */

static const struct gpio_v2_line_config_attribute *find_attr(uint32_t id,
                                                             uint64_t value)
{
    for (uint32_t k = 0; k < fk.cfg.num_attrs; k++) {
        const struct gpio_v2_line_config_attribute *a = &fk.cfg.attrs[k];
        if (a->attr.id != id)
            continue;
        uint64_t v = id == GPIO_V2_LINE_ATTR_ID_FLAGS ? a->attr.flags
                     : id == GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES
                         ? a->attr.values
                         : a->attr.debounce_period_us;
        if (v == value)
            return a;
    }
    return NULL;
}

static void expect_attr(uint32_t id, uint64_t value, uint64_t mask)
{
    const struct gpio_v2_line_config_attribute *a = find_attr(id, value);
    cr_assert_not_null(a, "no attribute id %u value %#llx", id,
                       (unsigned long long)value);
    cr_assert_eq(a->mask, mask, "attribute id %u value %#llx: mask %#llx", id,
                 (unsigned long long)value, (unsigned long long)a->mask);
}

static uint64_t attr_cover(void)
{
    uint64_t m = 0;
    for (uint32_t k = 0; k < fk.cfg.num_attrs; k++)
        m |= fk.cfg.attrs[k].mask;
    return m;
}

Test(gpio_cdev, configure_builds_one_attribute_per_distinct_setting)
{
    must_open("x=gpiochip0:1,2,3,4,5,6");
    struct gpio_line_cfg cfg[PV_GPIO_MAX_LINES] = {
        {IN | RISE | PV_GPIO_F_BIAS_PULL_UP, 100},
        {OUT, 0},
        {0, 0}, /* never configured: left as is */
        {OUT | AL | PV_GPIO_F_OPEN_DRAIN, 0},
        {OUT, 0},
        {IN | RISE | PV_GPIO_F_BIAS_PULL_UP, 100},
    };
    cr_assert_eq(cfg_op(dev, cfg, 0x12 | 0x4), 0);
    cr_assert_eq(fk.set_config_calls, 1);
    cr_assert_eq(fk.cfg.flags, 0, "default: no change");
    expect_attr(GPIO_V2_LINE_ATTR_ID_FLAGS,
                GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING |
                    GPIO_V2_LINE_FLAG_BIAS_PULL_UP,
                0x21);
    expect_attr(GPIO_V2_LINE_ATTR_ID_FLAGS, GPIO_V2_LINE_FLAG_OUTPUT, 0x12);
    expect_attr(GPIO_V2_LINE_ATTR_ID_FLAGS,
                GPIO_V2_LINE_FLAG_OUTPUT | GPIO_V2_LINE_FLAG_ACTIVE_LOW |
                    GPIO_V2_LINE_FLAG_OPEN_DRAIN,
                0x08);
    expect_attr(GPIO_V2_LINE_ATTR_ID_DEBOUNCE, 100, 0x21);
    /* Output values: only output lines, masked to them. */
    expect_attr(GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES, 0x12, 0x1a);
    cr_assert_eq(fk.cfg.num_attrs, 5);
    cr_assert_eq(attr_cover() & 0x4, 0, "flags-0 line in no attribute");
}

Test(gpio_cdev, configure_maps_every_flag_to_the_kernel_bit)
{
    static const struct {
        uint32_t pv;
        uint64_t kernel;
    } map[] = {
        {IN, GPIO_V2_LINE_FLAG_INPUT},
        {IN | AL, GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_ACTIVE_LOW},
        {IN | RISE, GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING},
        {IN | FALL, GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_FALLING},
        {IN | PV_GPIO_F_BIAS_PULL_DOWN,
         GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN},
        {IN | PV_GPIO_F_BIAS_DISABLED,
         GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_BIAS_DISABLED},
        {OUT | PV_GPIO_F_OPEN_SOURCE,
         GPIO_V2_LINE_FLAG_OUTPUT | GPIO_V2_LINE_FLAG_OPEN_SOURCE},
        {OUT | PV_GPIO_F_BIAS_PULL_UP,
         GPIO_V2_LINE_FLAG_OUTPUT | GPIO_V2_LINE_FLAG_BIAS_PULL_UP},
    };
    must_open("x=gpiochip0:1,2"); /* line 2 as is: no default flags */
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
        struct gpio_line_cfg cfg[PV_GPIO_MAX_LINES] = {{map[k].pv, 0}};
        cr_assert_eq(cfg_op(dev, cfg, 0), 0);
        cr_assert_eq(fk.cfg.attrs[0].attr.id, GPIO_V2_LINE_ATTR_ID_FLAGS);
        cr_expect_eq(fk.cfg.attrs[0].attr.flags, map[k].kernel,
                     "pv %#x: kernel %#llx, wanted %#llx", map[k].pv,
                     (unsigned long long)fk.cfg.attrs[0].attr.flags,
                     (unsigned long long)map[k].kernel);
        cr_expect_eq(fk.cfg.attrs[0].mask, 1);
    }
}

Test(gpio_cdev, configure_debounce_attribute_per_distinct_period)
{
    must_open("x=gpiochip0:1,2,3,4");
    struct gpio_line_cfg cfg[PV_GPIO_MAX_LINES] = {
        {IN | RISE, 100}, {IN | RISE, 100}, {IN | RISE, 2500}, {IN | RISE, 0}};
    cr_assert_eq(cfg_op(dev, cfg, 0), 0);
    /* Every line configured, one flag set: the default carries it. */
    cr_assert_eq(fk.cfg.flags,
                 GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING);
    expect_attr(GPIO_V2_LINE_ATTR_ID_DEBOUNCE, 100, 0x3);
    expect_attr(GPIO_V2_LINE_ATTR_ID_DEBOUNCE, 2500, 0x4);
    cr_assert_eq(fk.cfg.num_attrs, 2, "no output values without outputs");
}

Test(gpio_cdev, configure_with_every_line_as_is_sends_no_attribute)
{
    must_open("x=gpiochip0:1,2");
    struct gpio_line_cfg cfg[PV_GPIO_MAX_LINES] = {{0, 0}};
    cr_assert_eq(cfg_op(dev, cfg, ~0ULL), 0);
    cr_assert_eq(fk.cfg.num_attrs, 0);
    cr_assert_eq(fk.cfg.flags, 0);
}

Test(gpio_cdev, configure_ten_distinct_settings_fit)
{
    must_open("x=gpiochip0:0,1,2,3,4,5,6,7,8,9,10");
    struct gpio_line_cfg cfg[PV_GPIO_MAX_LINES] = {{0, 0}};
    for (unsigned i = 0; i < 10; i++)
        cfg[i].flags = distinct[i];
    cr_assert_eq(cfg_op(dev, cfg, 0), 0);
    cr_assert_eq(fk.cfg.num_attrs, 10, "line 10 as is: no default flags");
    cr_assert_eq(fk.cfg.flags, 0);
}

Test(gpio_cdev, configure_more_than_ten_distinct_settings_is_e2big)
{
    must_open("x=gpiochip0:0,1,2,3,4,5,6,7,8,9,10,11");
    struct gpio_line_cfg cfg[PV_GPIO_MAX_LINES] = {{0, 0}};
    for (unsigned i = 0; i < 11; i++)
        cfg[i].flags = distinct[i];
    cr_assert_eq(cfg_op(dev, cfg, 0), -E2BIG, "line 11 as is");
    cr_assert_eq(fk.set_config_calls, 0, "nothing sent to the kernel");
}

/* No line left as is: the first line's flag set is the default. */
Test(gpio_cdev, configure_every_line_configured_uses_the_default_flags)
{
    must_open("x=gpiochip0:0,1,2,3,4,5,6,7,8,9,10,11");
    struct gpio_line_cfg cfg[PV_GPIO_MAX_LINES] = {{0, 0}};
    for (unsigned i = 0; i < 11; i++)
        cfg[i].flags = distinct[i];
    cfg[11].flags = distinct[0];
    cr_assert_eq(cfg_op(dev, cfg, 0), 0, "11 flag sets, one the default");
    cr_assert_eq(fk.cfg.num_attrs, 10);
    cr_assert_eq(fk.cfg.flags, GPIO_V2_LINE_FLAG_INPUT);
    cr_assert_eq(attr_cover() & 0x801, 0, "the default's lines: no attribute");
    cr_assert_eq(gpio_line_attrs_packed(cfg, 12, 0), 10);
}

Test(gpio_cdev, configure_output_values_count_toward_the_limit)
{
    must_open("x=gpiochip0:0,1,2,3,4,5,6,7,8,9,10");
    struct gpio_line_cfg cfg[PV_GPIO_MAX_LINES] = {{0, 0}};
    for (unsigned i = 0; i < 9; i++)
        cfg[i].flags = distinct[i];
    cfg[9].flags = OUT; /* line 10 as is */
    cr_assert_eq(cfg_op(dev, cfg, 0x200), -E2BIG,
                 "10 flag sets + output values = 11 attributes");
    cr_assert_eq(gpio_line_attrs_packed(cfg, 11, 0x200), 11);
    /* A line no values attribute covers is driven 0: none needed. */
    cr_assert_eq(cfg_op(dev, cfg, 0), 0, "10 flag sets, outputs at 0");
    cr_assert_eq(fk.cfg.num_attrs, 10);
    cr_assert_null(find_attr(GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES, 0));
    cr_assert_eq(gpio_line_attrs_packed(cfg, 11, 0), 10);
    cfg[8].flags = distinct[0];
    cr_assert_eq(cfg_op(dev, cfg, 0x200), 0);
    cr_assert_eq(fk.cfg.num_attrs, 10);
    expect_attr(GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES, 0x200, 0x200);
    expect_attr(GPIO_V2_LINE_ATTR_ID_FLAGS, GPIO_V2_LINE_FLAG_INPUT, 0x101);
}

Test(gpio_cdev, configure_error_from_kernel_returned)
{
    must_open("x=gpiochip0:1");
    fail_with(OP_SET_CONFIG, EINVAL, -1);
    struct gpio_line_cfg cfg[PV_GPIO_MAX_LINES] = {{OUT, 0}};
    cr_assert_eq(cfg_op(dev, cfg, 1), -EINVAL);
}

/* --- get, set ------------------------------------------------------------ */

Test(gpio_cdev, get_passes_mask_and_returns_masked_bits)
{
    must_open("x=gpiochip0:1,2,3,4");
    fk.bits = 0xb; /* lines 0, 1, 3 */
    uint64_t v = 0xdead;
    cr_assert_eq(get_op(dev, 0x6, &v), 0);
    cr_assert_eq(fk.last_get.mask, 0x6);
    cr_assert_eq(v, 0x2);
}

Test(gpio_cdev, set_passes_mask_and_only_masked_bits)
{
    must_open("x=gpiochip0:1,2,3,4");
    cr_assert_eq(set_op(dev, 0x5, ~0ULL), 0);
    cr_assert_eq(fk.last_set.mask, 0x5);
    cr_assert_eq(fk.last_set.bits, 0x5);
    cr_assert_eq(set_op(dev, 0x4, 0x0), 0);
    cr_assert_eq(fk.bits, 0x1);
}

Test(gpio_cdev, kernel_errors_come_back_as_negative_errno)
{
    must_open("x=gpiochip0:1,2");
    uint64_t v;
    fail_with(OP_SET_VALUES, EIO, -1);
    cr_assert_eq(set_op(dev, 1, 1), -EIO);
    fail_with(OP_GET_VALUES, ENODEV, -1);
    cr_assert_eq(get_op(dev, 1, &v), -ENODEV);
    fail_with(OP_READ, EIO, -1);
    cr_assert_eq(collect_op(dev), -EIO);
}

/*
 * A chip behind a bus (an I2C expander) can answer EAGAIN for ever: that
 * is an error, one call each, never the device layer's "call again".
 */
Test(gpio_cdev, a_kernel_eagain_is_an_error_not_a_retry, .timeout = 10)
{
    must_open("x=gpiochip0:1");
    uint64_t v;
    fail_with(OP_SET_VALUES, EAGAIN, -1);
    cr_assert_eq(set_op(dev, 1, 1), -EAGAIN);
    cr_assert_eq(fk.set_calls, 1);
    fail_with(OP_GET_VALUES, EAGAIN, -1);
    cr_assert_eq(get_op(dev, 1, &v), -EAGAIN);
}

Test(gpio_cdev, interrupted_ioctl_is_retried)
{
    must_open("x=gpiochip0:1");
    fail_with(OP_SET_VALUES, EINTR, 1);
    cr_assert_eq(set_op(dev, 1, 1), 0);
    cr_assert_eq(fk.set_calls, 2);
    cr_assert_eq(fk.bits, 1);
}

Test(gpio_cdev, level_unknown_until_read_then_physical)
{
    must_open("x=gpiochip0:1,2");
    dev->cfg[0].flags = IN | AL;
    dev->cfg[1].flags = IN;
    cr_assert_eq(dev->ops->level(dev, 0), 'x');
    cr_assert_eq(dev->ops->level(dev, 1), 'x');
    fk.bits = 0x3; /* logical 1 on both */
    uint64_t v;
    cr_assert_eq(get_op(dev, 0x3, &v), 0);
    cr_assert_eq(dev->ops->level(dev, 0), '0', "active low: physical 0");
    cr_assert_eq(dev->ops->level(dev, 1), '1');
}

/* --- events ----------------------------------------------------------------
 */

static void expect_event(uint64_t t, uint32_t line, uint32_t edge,
                         uint32_t seqno, uint32_t line_seqno)
{
    struct pv_gpio_event ev;
    cr_assert(gpio_dev_pop_event(dev, &ev), "no event");
    cr_expect_eq(ev.timestamp_ns, t);
    cr_expect_eq(ev.line, line, "line %u, wanted %u", ev.line, line);
    cr_expect_eq(ev.edge, edge);
    cr_expect_eq(ev.seqno, seqno);
    cr_expect_eq(ev.line_seqno, line_seqno);
}

Test(gpio_cdev, collect_turns_kernel_events_into_device_events)
{
    must_open("x=gpiochip0:17,27");
    dev->cfg[0].flags = IN | RISE | FALL;
    dev->cfg[1].flags = IN | RISE | FALL | AL;
    queue_event(123456789, GPIO_V2_LINE_EVENT_RISING_EDGE, 27, 1, 1);
    queue_event(223456789, GPIO_V2_LINE_EVENT_FALLING_EDGE, 17, 2, 1);
    queue_event(323456789, GPIO_V2_LINE_EVENT_FALLING_EDGE, 27, 3, 2);
    cr_assert_eq(collect_op(dev), 0);
    expect_event(123456789, 1, PV_GPIO_EDGE_RISING, 1, 1);
    expect_event(223456789, 0, PV_GPIO_EDGE_FALLING, 2, 1);
    expect_event(323456789, 1, PV_GPIO_EDGE_FALLING, 3, 2);
    struct pv_gpio_event ev;
    cr_assert_not(gpio_dev_pop_event(dev, &ev));
    /* The last edge gives the physical level (line 1 is active low). */
    cr_assert_eq(dev->ops->level(dev, 0), '0');
    cr_assert_eq(dev->ops->level(dev, 1), '1');
}

Test(gpio_cdev, collect_reads_until_the_kernel_has_no_more)
{
    must_open("x=gpiochip0:5");
    for (uint32_t k = 1; k <= 40; k++)
        queue_event(1000 * k,
                    k % 2 ? GPIO_V2_LINE_EVENT_RISING_EDGE
                          : GPIO_V2_LINE_EVENT_FALLING_EDGE,
                    5, k, k);
    cr_assert_eq(collect_op(dev), 0);
    cr_assert_eq(fk.qlen, 0);
    cr_assert_geq(fk.read_calls, 3, "more than one buffer's worth");
    for (uint32_t k = 1; k <= 40; k++)
        expect_event(1000 * k, 0,
                     k % 2 ? PV_GPIO_EDGE_RISING : PV_GPIO_EDGE_FALLING, k, k);
    cr_assert_eq(dev->evq.count, 0);
}

Test(gpio_cdev, collect_with_nothing_pending_is_fine)
{
    must_open("x=gpiochip0:5");
    cr_assert_eq(collect_op(dev), 0);
    cr_assert_eq(dev->evq.count, 0);
}

Test(gpio_cdev, collect_ignores_events_of_other_offsets)
{
    must_open("x=gpiochip0:5");
    queue_event(10, GPIO_V2_LINE_EVENT_RISING_EDGE, 6, 1, 1);
    queue_event(20, GPIO_V2_LINE_EVENT_RISING_EDGE, 5, 2, 1);
    cr_assert_eq(collect_op(dev), 0);
    expect_event(20, 0, PV_GPIO_EDGE_RISING, 2, 1);
    cr_assert_eq(dev->evq.count, 0);
}

/* --- close --------------------------------------------------------------- */

Test(gpio_cdev, close_closes_the_request_fd)
{
    must_open("x=gpiochip0:17,27");
    int fd = fk.req_fd;
    dev->ops->close(dev);
    cr_assert(fk.req_fd_closed);
    cr_assert_eq(fcntl(fd, F_GETFD), -1, "fd %d still open", fd);
    cr_assert_eq(gpio_cdev_request_fd(dev), -1);
    dev->ops->close(dev); /* a second close does nothing */
    cr_assert_eq(fk.closed_other, 0);
}

/* --- a chip that goes away ----------------------------------------------- */

/*
 * The kernel answers ENODEV once the chip is gone: the device is dead, its
 * request fd closed (so it leaves the POLL set), and later requests fail
 * without a system call.
 */
Test(gpio_cdev, vanished_chip_closes_the_request_and_stops_calls)
{
    must_open("x=gpiochip0:17,27");
    cr_assert_eq(gpio_dev_set(dev, 0x1, OUT, 0, 0), PV_R_OK);
    fail_with(OP_SET_VALUES, ENODEV, -1);
    cr_assert_eq(gpio_dev_output(dev, 0x1, 0x1), PV_R_EUNSPEC);
    cr_assert(dev->dead);
    cr_assert(fk.req_fd_closed, "the request fd is closed");
    cr_assert_eq(dev->poll_fd, -1);
    int calls = fk.set_calls + fk.get_calls + fk.set_config_calls;
    uint64_t v;
    cr_assert_eq(gpio_dev_output(dev, 0x1, 0x0), PV_R_EUNSPEC);
    cr_assert_eq(gpio_dev_input(dev, 0x1, &v), PV_R_EUNSPEC);
    cr_assert_eq(gpio_dev_set(dev, 0x2, IN, 0, 0), PV_R_EUNSPEC);
    gpio_dev_collect(dev);
    cr_assert_eq(fk.set_calls + fk.get_calls + fk.set_config_calls, calls);
    gpio_dev_close(dev);
}

/* POLL reports a hung-up request fd readable: reading gives ENODEV. */
Test(gpio_cdev, vanished_chip_seen_by_reading_events)
{
    must_open("x=gpiochip0:17");
    cr_assert_eq(gpio_dev_set(dev, 0x1, IN | RISE, 0, 0), PV_R_OK);
    fail_with(OP_READ, ENODEV, -1);
    gpio_dev_collect(dev);
    cr_assert(dev->dead);
    cr_assert(fk.req_fd_closed);
    int reads = fk.read_calls;
    gpio_dev_collect(dev);
    cr_assert_eq(fk.read_calls, reads, "no read on a dead device");
}
