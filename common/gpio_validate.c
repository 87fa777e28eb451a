/* SPDX-License-Identifier: ISC */
/*
 * gpio_validate.c: the checks of GPIO requests (gpio_validate.h). Pure:
 * no state, no system call, freestanding.
 */
#include "gpio_validate.h"

#define BAD(msg)                                                               \
    do {                                                                       \
        *why = (msg);                                                          \
        return PV_R_EINVAL;                                                    \
    } while (0)

#define EDGES (PV_GPIO_F_EDGE_RISING | PV_GPIO_F_EDGE_FALLING)
#define DRIVE (PV_GPIO_F_OPEN_DRAIN | PV_GPIO_F_OPEN_SOURCE)
#define BIAS                                                                   \
    (PV_GPIO_F_BIAS_PULL_UP | PV_GPIO_F_BIAS_PULL_DOWN |                       \
     PV_GPIO_F_BIAS_DISABLED)

int gpio_validate_flags(uint32_t flags, uint32_t debounce_us, uint32_t perms,
                        const char **why)
{
    if (flags & ~PV_GPIO_F_VALID)
        BAD("unknown flag bits");
    int in = (flags & PV_GPIO_F_INPUT) != 0;
    int out = (flags & PV_GPIO_F_OUTPUT) != 0;
    if (in && out)
        BAD("INPUT and OUTPUT together");
    if (!in && !out)
        BAD("no direction: INPUT or OUTPUT is required");
    if (in && !(perms & PV_GPIO_PERM_IN))
        BAD("input direction not granted");
    if (out && !(perms & PV_GPIO_PERM_OUT))
        BAD("output direction not granted");
    if ((flags & EDGES) && !in)
        BAD("edge detection needs INPUT");
    if ((flags & DRIVE) == DRIVE)
        BAD("OPEN_DRAIN and OPEN_SOURCE together");
    if ((flags & DRIVE) && !out)
        BAD("drive flags need OUTPUT");
    uint32_t bias = flags & BIAS;
    if (bias & (bias - 1))
        BAD("more than one bias flag");
    if (debounce_us && !in)
        BAD("debounce needs INPUT");
    if (debounce_us > PV_GPIO_DEBOUNCE_MAX_US)
        BAD("debounce period too long");
    return PV_R_OK;
}

int gpio_validate_step(const struct gpio_lines *l, const struct pv_gpio_step *s,
                       const char **why)
{
    if (s->mask & ~(l->outputs & l->enabled))
        BAD("step writes a line not configured as output");
    if (s->delay_ns > PV_GPIO_SEQ_MAX_DELAY_NS)
        BAD("step delay too long");
    return PV_R_OK;
}

unsigned gpio_line_attrs(const struct gpio_line_cfg *cfg, unsigned n)
{
    unsigned attrs = 0;
    int outputs = 0;
    for (unsigned i = 0; i < n; i++) {
        int new_flags = cfg[i].flags != 0, new_db = cfg[i].debounce_us != 0;
        for (unsigned j = 0; j < i; j++) {
            if (cfg[j].flags == cfg[i].flags)
                new_flags = 0;
            if (cfg[j].debounce_us == cfg[i].debounce_us)
                new_db = 0;
        }
        attrs += (unsigned)new_flags + (unsigned)new_db;
        outputs |= (cfg[i].flags & PV_GPIO_F_OUTPUT) != 0;
    }
    return attrs + (unsigned)outputs;
}

unsigned gpio_line_attrs_packed(const struct gpio_line_cfg *cfg, unsigned n,
                                uint64_t values)
{
    unsigned attrs = gpio_line_attrs(cfg, n);
    uint64_t outputs = 0;
    int as_is = 0;
    for (unsigned i = 0; i < n; i++) {
        as_is |= cfg[i].flags == 0;
        if (cfg[i].flags & PV_GPIO_F_OUTPUT)
            outputs |= 1ULL << i;
    }
    if (outputs && !(values & outputs))
        attrs--; /* no output values attribute */
    if (n && !as_is)
        attrs--; /* one flag set in the default */
    return attrs;
}

/* The lines' configurations after SET r fit in one Linux line request. */
static int check_attrs(const struct gpio_lines *l, const struct gpio_request *r,
                       const char **why)
{
    struct gpio_line_cfg cfg[PV_GPIO_MAX_LINES];
    for (unsigned i = 0; i < l->nlines && i < PV_GPIO_MAX_LINES; i++) {
        cfg[i] = l->cfg[i];
        if (r->mask & (1ULL << i)) {
            cfg[i].flags = r->flags;
            cfg[i].debounce_us = r->debounce_us;
        }
    }
    if (gpio_line_attrs(cfg, l->nlines) > GPIO_LINE_ATTRS_MAX)
        BAD("more than 10 distinct line configurations in the device");
    return PV_R_OK;
}

static int check_sequence(const struct gpio_lines *l,
                          const struct gpio_request *r, const char **why)
{
    if (r->nsteps == 0 || r->nsteps > PV_GPIO_SEQ_MAX_STEPS)
        BAD("step count out of range");
    for (uint32_t i = 0; i < r->nsteps; i++)
        if (gpio_validate_step(l, &r->steps[i], why) != PV_R_OK)
            return PV_R_EINVAL;
    return PV_R_OK;
}

int gpio_validate(const struct gpio_lines *l, const struct gpio_request *r,
                  const char **why)
{
    if (r->op < GPIO_OP_SET || r->op > GPIO_OP_READ_EVENT)
        BAD("unknown operation");
    if (r->pad)
        BAD("non-zero padding");
    if (r->op == GPIO_OP_READ_EVENT)
        return PV_R_OK;
    if (r->op == GPIO_OP_SEQUENCE)
        return check_sequence(l, r, why);
    if (r->mask == 0)
        BAD("empty line mask");
    if (r->mask & ~gpio_lines_all(l->nlines))
        BAD("line outside the device");
    switch (r->op) {
    case GPIO_OP_SET:
        if (gpio_validate_flags(r->flags, r->debounce_us, l->perms, why))
            return PV_R_EINVAL;
        return l->cfg ? check_attrs(l, r, why) : PV_R_OK;
    case GPIO_OP_INPUT:
        if (r->mask & ~l->enabled)
            BAD("line not enabled");
        return PV_R_OK;
    case GPIO_OP_OUTPUT:
        if (r->flags & ~PV_GPIO_RING_F_ORDERED)
            BAD("unknown output flag");
        if (r->mask & ~(l->outputs & l->enabled))
            BAD("line not configured as output");
        return PV_R_OK;
    default: /* GPIO_OP_CLEAR */
        return PV_R_OK;
    }
}
