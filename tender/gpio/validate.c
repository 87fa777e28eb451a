/*
 * validate.c: every GPIO request from a guest is checked here, on a copy
 * already taken out of guest memory, before anything is done. The flag
 * rules are the Linux uAPI v2 ones (gpiolib-cdev); on top come the
 * operator's grant (lines of the device only, permitted directions only)
 * and the device's state (reading needs an enabled line, writing an
 * output line).
 */
#include "gpio.h"

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
    bool in = flags & PV_GPIO_F_INPUT, out = flags & PV_GPIO_F_OUTPUT;
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

/* Common mask rules: not empty, inside the device. */
static int check_mask(const struct gpio_dev *d, uint64_t mask, const char **why)
{
    if (mask == 0)
        BAD("empty line mask");
    if (mask & ~gpio_dev_all(d))
        BAD("line outside the device");
    return PV_R_OK;
}

int gpio_validate_set(const struct gpio_dev *d, const struct pv_hc_gpio_set *r,
                      const char **why)
{
    if (r->pad0)
        BAD("non-zero padding");
    if (check_mask(d, r->mask, why))
        return PV_R_EINVAL;
    return gpio_validate_flags(r->flags, r->debounce_us, d->perms, why);
}

int gpio_validate_input(const struct gpio_dev *d,
                        const struct pv_hc_gpio_values *r, const char **why)
{
    if (r->pad0)
        BAD("non-zero padding");
    if (check_mask(d, r->mask, why))
        return PV_R_EINVAL;
    if (r->mask & ~d->enabled)
        BAD("line not enabled");
    return PV_R_OK;
}

int gpio_validate_output(const struct gpio_dev *d,
                         const struct pv_hc_gpio_values *r, const char **why)
{
    if (r->pad0)
        BAD("non-zero padding");
    if (check_mask(d, r->mask, why))
        return PV_R_EINVAL;
    if (r->mask & ~(d->outputs & d->enabled))
        BAD("line not configured as output");
    return PV_R_OK;
}

int gpio_validate_clear(const struct gpio_dev *d,
                        const struct pv_hc_gpio_clear *r, const char **why)
{
    if (r->pad0)
        BAD("non-zero padding");
    return check_mask(d, r->mask, why);
}

int gpio_validate_sequence(const struct gpio_dev *d,
                           const struct pv_gpio_step *steps, uint32_t n,
                           const char **why)
{
    if (n == 0 || n > PV_GPIO_SEQ_MAX_STEPS)
        BAD("step count out of range");
    for (uint32_t i = 0; i < n; i++) {
        /* A step with an empty mask only waits. */
        if (steps[i].mask & ~(d->outputs & d->enabled))
            BAD("step writes a line not configured as output");
        if (steps[i].delay_ns > PV_GPIO_SEQ_MAX_DELAY_NS)
            BAD("step delay too long");
    }
    return PV_R_OK;
}
