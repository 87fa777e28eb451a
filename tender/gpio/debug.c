/* SPDX-License-Identifier: ISC */
/*
 * debug.c: `monitor gpio` of the gdb stub (debug.h): the granted lines,
 * the ring's pending requests and the last trace records, read under the
 * GPIO lock; and `monitor gpio set`, which drives only what a stimulus
 * could (docs/debugging.md).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../clock.h"
#include "debug.h"
#include "ring.h"
#include "service.h"
#include "sim.h"
#include "trace.h"

struct out {
    char *buf;
    size_t len, used;
    bool cut;
};

static void say(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void say(struct out *o, const char *fmt, ...)
{
    static const char cut[] = "(cut short)\n";
    if (o->cut)
        return;
    size_t room = o->len - o->used;
    va_list ap;
    va_start(ap, fmt);
    int n = room > sizeof cut
                ? vsnprintf(o->buf + o->used, room - sizeof cut, fmt, ap)
                : -1;
    va_end(ap);
    if (n >= 0 && (size_t)n < room - sizeof cut) {
        o->used += (size_t)n;
        return;
    }
    o->cut = true;
    if (room >= sizeof cut) {
        memcpy(o->buf + o->used, cut, sizeof cut);
        o->used += sizeof cut - 1;
    }
}

static const char *direction(const struct gpio_dev *d, unsigned i)
{
    uint64_t bit = 1ULL << i;
    if (!(d->enabled & bit))
        return "unused";
    return d->outputs & bit ? "output" : "input";
}

static void flags(struct out *o, uint32_t f)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } names[] = {
        {PV_GPIO_F_ACTIVE_LOW, "active-low"},
        {PV_GPIO_F_EDGE_RISING, "rising"},
        {PV_GPIO_F_EDGE_FALLING, "falling"},
        {PV_GPIO_F_OPEN_DRAIN, "open-drain"},
        {PV_GPIO_F_OPEN_SOURCE, "open-source"},
        {PV_GPIO_F_BIAS_PULL_UP, "pull-up"},
        {PV_GPIO_F_BIAS_PULL_DOWN, "pull-down"},
        {PV_GPIO_F_BIAS_DISABLED, "bias-disabled"},
    };
    bool any = false;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (f & names[k].bit) {
            say(o, "%s%s", any ? "," : "", names[k].name);
            any = true;
        }
    if (!any)
        say(o, "-");
}

static void show_device(struct out *o, struct gpio_dev *d)
{
    say(o, "gpio device '%s' (%s%s), %u line%s:\n", d->name, d->chip,
        d->dead ? ", gone" : "", d->nlines, d->nlines == 1 ? "" : "s");
    for (unsigned i = 0; i < d->nlines; i++) {
        say(o, "  %u %s offset %u: %s, flags ", i, d->line_names[i],
            d->offsets[i], direction(d, i));
        flags(o, d->enabled & (1ULL << i) ? d->cfg[i].flags : 0);
        say(o, ", level %c\n", gpio_dev_level(d, i));
    }
}

static const char *op_name(uint32_t op)
{
    switch (op) {
    case GPIO_OP_SET:
        return "set";
    case GPIO_OP_INPUT:
        return "input";
    case GPIO_OP_OUTPUT:
        return "output";
    case GPIO_OP_SEQUENCE:
        return "sequence";
    default:
        return "?";
    }
}

/* The requests the guest posted that the I/O thread has not finished. */
static void show_ring(struct out *o)
{
    const volatile struct pv_gpio_ring *r = gpio_ring_shared();
    if (r == NULL) {
        say(o, "ring: not in use\n");
        return;
    }
    uint32_t head = r->req_head, tail = r->req_tail;
    uint32_t n = tail - head;
    say(o, "ring: %u pending request%s (head %u, tail %u)\n", n,
        n == 1 ? "" : "s", head, tail);
    if (n > PV_GPIO_RING_SLOTS) {
        say(o, "  (more than the ring's %u slots: the guest wrote over it)\n",
            PV_GPIO_RING_SLOTS);
        return;
    }
    for (uint32_t k = head; k != tail; k++) {
        const volatile struct pv_gpio_ring_req *q =
            &r->req[k % PV_GPIO_RING_SLOTS];
        uint32_t op = q->op, handle = q->handle;
        uint64_t mask = q->mask, values = q->values;
        say(o, "  #%u %s handle %u mask 0x%llx values 0x%llx\n", k, op_name(op),
            handle, (unsigned long long)mask, (unsigned long long)values);
    }
}

/* The device and line of trace variable var, or NULL. */
static struct gpio_dev *var_of(int var, unsigned *line)
{
    size_t n;
    struct gpio_dev *const *devs = gpio_svc_devices(&n);
    for (size_t k = 0; k < n; k++) {
        struct gpio_dev *d = devs[k];
        if (d->trace_var >= 0 && var >= d->trace_var &&
            var < d->trace_var + (int)d->nlines) {
            *line = (unsigned)(var - d->trace_var);
            return d;
        }
    }
    return NULL;
}

static void show_trace(struct out *o, unsigned ntrace)
{
    if (!gpio_trace_enabled()) {
        say(o, "trace: none (--gpio-trace)\n");
        return;
    }
    struct gpio_trace_rec recs[64];
    if (ntrace > sizeof recs / sizeof recs[0])
        ntrace = sizeof recs / sizeof recs[0];
    unsigned n = gpio_dev_trace_last(recs, ntrace);
    uint64_t t0 = gpio_trace_start_ns();
    say(o, "trace: the last %u record%s (ns since the guest started):\n", n,
        n == 1 ? "" : "s");
    for (unsigned k = 0; k < n; k++) {
        unsigned line = 0;
        struct gpio_dev *d = var_of(recs[k].var, &line);
        uint64_t t = recs[k].t_ns > t0 ? recs[k].t_ns - t0 : 0;
        say(o, "  %llu %s.%s %c\n", (unsigned long long)t, d ? d->name : "?",
            d ? d->line_names[line] : "?", recs[k].level);
    }
}

struct show_args {
    struct out *o;
    unsigned ntrace;
};

static void show_locked(void *arg)
{
    struct show_args *a = arg;
    size_t n;
    struct gpio_dev *const *devs = gpio_svc_devices(&n);
    if (n == 0)
        say(a->o, "no GPIO devices granted\n");
    for (size_t k = 0; k < n; k++)
        show_device(a->o, devs[k]);
    show_ring(a->o);
    show_trace(a->o, a->ntrace);
}

size_t gpio_debug_show(char *buf, size_t len, unsigned ntrace)
{
    struct out o = {.buf = buf, .len = len};
    struct show_args a = {.o = &o, .ntrace = ntrace};
    if (len == 0)
        return 0;
    buf[0] = '\0';
    gpio_svc_locked(show_locked, &a);
    return o.used;
}

struct set_args {
    const char *dev, *line;
    int level;
    char *err;
    size_t errlen;
    int rc;
};

/* Line `name` of d: its index, or its line name; -1 if none. */
static int line_of(const struct gpio_dev *d, const char *name)
{
    for (unsigned i = 0; i < d->nlines; i++)
        if (strcmp(d->line_names[i], name) == 0)
            return (int)i;
    char *end;
    unsigned long v = strtoul(name, &end, 10);
    if (*name < '0' || *name > '9' || *end || v >= d->nlines)
        return -1;
    return (int)v;
}

static void set_locked(void *arg)
{
    struct set_args *a = arg;
    size_t n;
    struct gpio_dev *const *devs = gpio_svc_devices(&n);
    struct gpio_dev *d = NULL;
    for (size_t k = 0; k < n && d == NULL; k++)
        if (strcmp(devs[k]->name, a->dev) == 0)
            d = devs[k];
    int i = d ? line_of(d, a->line) : -1;
    struct gpio_sim_chip *chip = d ? gpio_sim_chip_of(d) : NULL;
    if (d == NULL) {
        snprintf(a->err, a->errlen, "no GPIO device '%s'", a->dev);
        a->rc = -ENOENT;
    } else if (i < 0) {
        snprintf(a->err, a->errlen, "GPIO device '%s' has no line '%s'",
                 d->name, a->line);
        a->rc = -ENOENT;
    } else if (chip == NULL || d->dead) {
        snprintf(a->err, a->errlen,
                 "refused: '%s' is a %s device; only sim inputs can be set",
                 d->name, d->ops->name);
        a->rc = -EPERM;
    } else if (d->outputs & (1ULL << i)) {
        snprintf(a->err, a->errlen,
                 "refused: '%s' line %d is an output the guest drives", d->name,
                 i);
        a->rc = -EPERM;
    } else {
        struct gpio_changes ch = {0};
        gpio_sim_drive(chip, d->offsets[i], a->level, tnd_clock_now_ns(), &ch);
        gpio_dev_apply(&ch);
        a->rc = 0;
    }
}

int gpio_debug_set(const char *dev, const char *line, int level, char *err,
                   size_t errlen)
{
    struct set_args a = {dev, line, level, err, errlen, 0};
    gpio_svc_locked(set_locked, &a);
    return a.rc;
}
